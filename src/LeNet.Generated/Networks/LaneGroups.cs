using System.Numerics;

namespace LeNet.Generated;

/// <summary>
/// The lane groups a pass over <c>count</c> images runs in: whole groups at the starting width, then the
/// images left over at each narrower width down to one at a time. Group g starts at image <see cref="First"/>,
/// so a buffer of <c>stride</c> elements per image holds every group of a pass, group g at <c>stride · First</c>.
/// </summary>
internal ref struct LaneGroups<T>
    where T : unmanaged, IFloatingPointIeee754<T>
{
    private readonly int _count;
    private VectorWidth? _next;
    private int _end;

    public LaneGroups(VectorWidth width, int count)
    {
        _count = count;
        _next = width;
        Width = width;
    }

    public VectorWidth Width { get; private set; }

    public int Lanes { get; private set; }

    public int First { get; private set; }

    public readonly LaneGroups<T> GetEnumerator() => this;

    public readonly LaneGroups<T> Current => this;

    public bool MoveNext()
    {
        while (_next is { } width)
        {
            int lanes = VectorWidths.Lanes<T>(width);
            if (_end + lanes <= _count)
            {
                (Width, Lanes, First) = (width, lanes, _end);
                _end += lanes;
                return true;
            }

            _next = VectorWidths.Narrower(width);
        }

        return false;
    }
}
