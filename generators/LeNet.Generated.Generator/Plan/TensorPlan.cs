using LeNet.Generated.Generator.Infrastructure;

namespace LeNet.Generated.Generator.Plan;

/// <summary>A parameter tensor in the flat parameter vector, named as PyTorch's <c>state_dict</c>.</summary>
/// <param name="Name">"conv1.weight".</param>
/// <param name="Offset">First element in the flat vector.</param>
/// <param name="Shape">PyTorch shape, e.g. [6, 1, 5, 5].</param>
/// <param name="FanIn">Inputs per output; PyTorch's default initialisation bound is 1/√FanIn.</param>
/// <param name="Init">How <c>ResetParameters</c> fills it.</param>
internal sealed record TensorPlan(string Name, int Offset, EquatableArray<int> Shape, int FanIn, TensorInit Init = TensorInit.Uniform)
{
    public int Length
    {
        get
        {
            int length = 1;
            foreach (int size in Shape)
            {
                length *= size;
            }

            return length;
        }
    }
}

/// <summary>How a parameter tensor is initialised.</summary>
internal enum TensorInit
{
    /// <summary>U(−1/√fan_in, 1/√fan_in), PyTorch's default for <c>Conv2d</c> and <c>Linear</c>.</summary>
    Uniform,

    /// <summary>All ones: a trainable pool's coefficient starts as plain averaging.</summary>
    Ones,

    /// <summary>All zeros.</summary>
    Zeros,
}

/// <summary>
/// A run of parameters whose lane kernels keep one gradient per lane in the backward pass's scratch;
/// after each group they are added to the parameter gradients image by image.
/// </summary>
/// <param name="Scratch">First element in the scratch, per lane.</param>
/// <param name="Parameter">First element in the parameter vector.</param>
/// <param name="Length">Parameters in the run.</param>
internal sealed record LaneGradientRun(int Scratch, int Parameter, int Length);
