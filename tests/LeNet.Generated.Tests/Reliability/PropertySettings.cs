using System.Globalization;

namespace LeNet.Generated.Tests.Reliability;

/// <summary>
/// Seeds and counts of the property tests: fixed by default so CI is deterministic, overridable for
/// longer local runs, e.g. <c>LENET_PROPERTY_SEED=7 LENET_PROPERTY_SPECS=200000 dotnet test …</c>.
/// </summary>
internal static class PropertySettings
{
    public static ulong Seed => ulong.TryParse(Environment.GetEnvironmentVariable("LENET_PROPERTY_SEED"), NumberStyles.None, CultureInfo.InvariantCulture, out ulong seed) ? seed : 20261126;

    /// <summary>
    /// A seed for one case of a property test, from <see cref="Seed"/> and the case's name (FNV-1a):
    /// the same in every process, unlike <see cref="string.GetHashCode()"/>, so the seed a failure
    /// reports reproduces it.
    /// </summary>
    public static int SeedFor(string name)
    {
        ulong hash = 14695981039346656037UL ^ Seed;
        foreach (char c in name)
        {
            hash = unchecked((hash ^ c) * 1099511628211UL);
        }

        return unchecked((int)(hash ^ (hash >> 32)));
    }

    /// <summary><paramref name="defaultCount"/> scaled by <c>LENET_PROPERTY_SCALE</c> (default 1), or <c>LENET_PROPERTY_SPECS</c> for the generator property.</summary>
    public static int Count(string variable, int defaultCount) =>
        int.TryParse(Environment.GetEnvironmentVariable(variable), NumberStyles.None, CultureInfo.InvariantCulture, out int count) && count > 0 ? count : defaultCount;
}
