using System.Linq;
using System.Threading;
using LeNet.Generated.Generator.Plan;
using LeNet.Generated.Generator.Validate;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// The nested class holding one profile's kernels (<c>Kernels.Vector512</c>, …, <c>Kernels.Scalar</c>): its
/// passes, then each layer's lane kernels and, at a vector profile, its per-image kernels.
/// </summary>
internal static class ProfileEmitter
{
    public static void Emit(SourceWriter writer, KernelMode mode, NetworkPlan plan, ProfilePlan profile, CancellationToken cancellationToken)
    {
        string what = mode.IsVector
            ? $"{mode.Lanes} images per {profile.Profile.Width}-bit vector, each vector holding one element of every image of a group; tiles sized for {profile.Profile.Registers} vector registers"
            : "one image at a time over scalars, the lane kernels one lane wide: the kernels where the processor accelerates no vectors, and for the images left over after the last whole group";
        writer.Line($"/// <summary>The kernels of <c>VectorWidth.{profile.Profile.Name}</c>: {what}.</summary>");
        using (writer.Block($"private static class {profile.Profile.Name}"))
        {
            PassEmitter.Emit(writer, mode, plan, profile);
            for (int index = 0; index < plan.Blocks.Count; index++)
            {
                cancellationToken.ThrowIfCancellationRequested();
                Block block = plan.Blocks[index];
                BlockSchedule schedule = profile.Blocks[index];
                writer.Line();
                switch (block)
                {
                    case ConvBlock conv:
                        ConvEmitter.Emit(writer, mode, conv, (ConvSchedule)schedule);
                        break;
                    case PoolBlock pool:
                        PoolEmitter.Emit(writer, mode, pool, (PoolSchedule)schedule);
                        break;
                    case LinearBlock linear:
                        LinearEmitter.Emit(writer, mode, linear, (LinearSchedule)schedule);
                        break;
                    case GlobalAvgPoolBlock global:
                        PoolEmitter.EmitGlobal(writer, mode, global);
                        break;
                    case ActivationBlock activation:
                        ActivationEmitter.EmitStandalone(writer, mode, activation);
                        break;
                    case DropoutBlock dropout:
                        DropoutEmitter.Emit(writer, mode, dropout);
                        break;
                }

                if (plan.HasActivationBackward(index))
                {
                    writer.Line();
                    ActivationEmitter.EmitFusedBackward(writer, mode, block);
                }

                switch (schedule.Image, block)
                {
                    case ({ } image, ConvBlock conv):
                        writer.Line();
                        ImageKernels.EmitConv(writer, mode, conv, image);
                        break;
                    case (ImageDot dot, LinearBlock linear):
                        writer.Line();
                        ImageKernels.EmitLinear(writer, mode, linear, dot);
                        break;
                    case (ImagePool image, PoolBlock pool):
                        writer.Line();
                        ImagePoolEmitter.Emit(writer, mode, pool, image);
                        break;
                }
            }

            if (!mode.IsVector && plan.Blocks.Any(block => block is PoolBlock { IsMax: true }))
            {
                writer.Line();
                PoolEmitter.EmitHelper(writer, mode.Scalar);
            }
        }
    }
}
