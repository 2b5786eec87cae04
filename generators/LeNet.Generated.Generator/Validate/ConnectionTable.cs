using System.Collections.Immutable;
using LeNet.Generated.Generator.Infrastructure;

namespace LeNet.Generated.Generator.Validate;

/// <summary>
/// A convolution's connection table, parsed from <c>"0,1,2; 1,2,3; …"</c>: for every output channel
/// the input channels it sees, in the order written. An empty table means every input channel.
/// </summary>
internal static class ConnectionTable
{
    /// <summary>Parses <paramref name="text"/>; returns null and the table, or what is wrong with it.</summary>
    public static string? TryParse(string text, int outChannels, int inChannels, out EquatableArray<EquatableArray<int>> table)
    {
        table = EquatableArray<EquatableArray<int>>.Empty;
        string[] groups = text.Split(';');
        if (groups.Length != outChannels)
        {
            return $"has {groups.Length} group(s) of input channels for {outChannels} output channels";
        }

        var rows = ImmutableArray.CreateBuilder<EquatableArray<int>>(outChannels);
        for (int o = 0; o < groups.Length; o++)
        {
            var row = ImmutableArray.CreateBuilder<int>();
            foreach (string item in groups[o].Split(','))
            {
                if (!int.TryParse(item.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out int channel) || channel >= inChannels)
                {
                    return $"names input channel '{item.Trim()}' for output channel {o}, which is not a channel from 0 to {inChannels - 1}";
                }

                if (row.Contains(channel))
                {
                    return $"names input channel {channel} twice for output channel {o}";
                }

                row.Add(channel);
            }

            rows.Add(row.ToImmutable().ToEquatableArray());
        }

        table = rows.ToImmutable().ToEquatableArray();
        return null;
    }

    /// <summary>Connections of a convolution: the table's entries, or every pair when it is empty.</summary>
    public static int Count(EquatableArray<EquatableArray<int>> table, int inChannels, int outChannels)
    {
        if (table.Count == 0)
        {
            return inChannels * outChannels;
        }

        int count = 0;
        foreach (EquatableArray<int> row in table)
        {
            count += row.Count;
        }

        return count;
    }

    /// <summary>The input channels of output channel <paramref name="o"/>.</summary>
    public static EquatableArray<int> Inputs(EquatableArray<EquatableArray<int>> table, int o, int inChannels) =>
        table.Count == 0 ? System.Linq.Enumerable.Range(0, inChannels).ToEquatableArray() : table[o];
}
