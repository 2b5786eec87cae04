using System.Collections.Generic;
using System.Text;
using LeNet.Generated.Generator.Plan;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Emit;

/// <summary>Layers as PyTorch prints them, and the model summary table built from them.</summary>
internal static class Describe
{
    /// <summary>The PyTorch module repr of a block, with its fused activation: "Conv2d(1, 6, kernel_size=(5, 5), stride=(1, 1)) + Tanh()".</summary>
    public static string Module(Block block)
    {
        string module = block switch
        {
            ConvBlock conv => $"Conv2d({conv.Input.Channels}, {conv.Output.Channels}, kernel_size=({conv.Kernel}, {conv.Kernel}), stride=({conv.Stride}, {conv.Stride})"
                + (conv.Padding == 0 ? string.Empty : $", padding=({conv.Padding}, {conv.Padding})")
                + (conv.Table.Count == 0 ? ")" : $", connections={conv.Connections} of {conv.Input.Channels * conv.Output.Channels})"),
            PoolBlock { Weight: not null } pool => $"AvgPool2d(kernel_size={pool.Kernel}, stride={pool.Stride}, padding={pool.Padding}) x weight + bias",
            PoolBlock { IsMax: true } pool => $"MaxPool2d(kernel_size={pool.Kernel}, stride={pool.Stride}, padding={pool.Padding}, dilation=1, ceil_mode=False)",
            PoolBlock pool => $"AvgPool2d(kernel_size={pool.Kernel}, stride={pool.Stride}, padding={pool.Padding})",
            GlobalAvgPoolBlock => "AdaptiveAvgPool2d(output_size=1)",
            DropoutBlock dropout => DropoutEmitter.Module(dropout),
            BatchNormBlock norm => $"BatchNorm{(norm.Spatial ? "2d" : "1d")}({norm.Channels}, eps={Literal.Python(norm.Eps)}, momentum={Literal.Python(norm.Momentum)}, affine={(norm.Weight is null ? "False" : "True")}, track_running_stats=True)",
            LinearBlock linear => $"Linear(in_features={linear.Input.Length}, out_features={linear.Output.Length}, bias=True)",
            _ => ActivationEmitter.Module(block.Activation),
        };

        return block is ActivationBlock || block.Activation == Activation.None
            ? module
            : module + " + " + ActivationEmitter.Module(block.Activation);
    }

    /// <summary>Parameters owned by a block.</summary>
    public static int Parameters(Block block) => block switch
    {
        ConvBlock conv => conv.Weight.Length + conv.Bias.Length,
        PoolBlock { Weight: not null, Bias: not null } pool => pool.Weight.Length + pool.Bias.Length,
        LinearBlock linear => linear.Weight.Length + linear.Bias.Length,
        BatchNormBlock { Weight: not null, Bias: not null } norm => norm.Weight.Length + norm.Bias.Length,
        _ => 0,
    };

    /// <summary>
    /// A model summary like <c>torchinfo</c>'s: one line per block with output shape, parameters
    /// and module, and a header with the totals. ASCII only, '\n' line ends.
    /// </summary>
    public static string Summary(NetworkPlan plan)
    {
        var rows = new List<string[]> { new[] { "Layer", "Output", "Parameters", "Module" }, new[] { "input", plan.Input.ToString(), "0", string.Empty } };
        int flattens = 0;
        foreach (Block block in plan.Blocks)
        {
            if (block is LinearBlock { AfterFlatten: true })
            {
                // Declared, so shown as PyTorch prints it, though it computes nothing: Linear reads its input flat.
                rows.Add(["flatten" + ++flattens, block.Input.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), "0", "Flatten(start_dim=1, end_dim=-1)"]);
            }

            rows.Add([block.Name, block.Output.ToString(), Literal.Grouped(Parameters(block)), Module(block)]);
        }

        int[] widths = new int[3];
        foreach (string[] row in rows)
        {
            for (int i = 0; i < widths.Length; i++)
            {
                widths[i] = System.Math.Max(widths[i], row[i].Length);
            }
        }

        var text = new StringBuilder();
        text.Append(plan.Type.Name).Append(": input ").Append(plan.Input).Append(", ").Append(plan.OutputLength).Append(" outputs, ")
            .Append(Literal.Grouped(plan.ParameterCount)).Append(" parameters, ")
            .Append(Literal.Grouped(plan.MultiplyAdds)).Append(" multiply-adds per image\n");
        foreach (string[] row in rows)
        {
            text.Append(row[0].PadRight(widths[0])).Append("  ")
                .Append(row[1].PadRight(widths[1])).Append("  ")
                .Append(row[2].PadLeft(widths[2])).Append("  ")
                .Append(row[3]);
            text.Length = text.ToString().TrimEnd(' ').Length;
            text.Append('\n');
        }

        return text.ToString().TrimEnd('\n');
    }
}
