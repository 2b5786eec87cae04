using System.Text;
using LeNet.Generated.Generator.Parse;
using LeNet.Generated.Generator.Plan;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// Every kernel's schedule at every profile as plain text, one line a kernel: a short, reviewable account
/// of what the generator decided for a network, the same statements as the kernels' doc comments.
/// </summary>
internal static class ScheduleReport
{
    public static string Text(NetworkPlan plan)
    {
        var text = new StringBuilder();
        text.Append(plan.Type.Name).Append(", ").Append(new ScalarNames(plan.Scalar).Keyword)
            .Append(": per lane ").Append(plan.KeptLength).Append(" activations kept for training, ")
            .Append(plan.AlternatingLength).Append(" in two alternating regions, ")
            .Append(plan.LaneScratchLength).Append(" of backward scratch; one image ")
            .Append(plan.AlternatingLength + plan.ImageScratchLength).Append('\n');
        foreach (ProfilePlan profile in plan.Profiles)
        {
            var mode = new KernelMode(new ScalarNames(plan.Scalar), profile.Profile, TargetFeatures.Latest);
            text.Append('\n').Append(profile.Profile.Name).Append(" (").Append(ConvEmitter.Lanes(mode)).Append(", ").Append(profile.Profile.Registers).Append(" registers)\n");
            for (int i = 0; i < plan.Blocks.Count; i++)
            {
                string name = plan.Blocks[i].Name;
                switch (profile.Blocks[i])
                {
                    case ConvSchedule conv:
                        Line(text, name, "forward", conv.Forward);
                        Line(text, name, "dW", conv.Weights);
                        Line(text, name, "dx", conv.Input);
                        break;
                    case LinearSchedule linear:
                        Line(text, name, "forward", linear.Forward);
                        Line(text, name, "dW", linear.Weights);
                        Line(text, name, "dx", linear.Input);
                        break;
                    case PoolSchedule pool:
                        Line(text, name, "all", pool.Windows);
                        break;
                }

                if (profile.Blocks[i].Image is { } image)
                {
                    Line(text, name, "image", image);
                }
            }
        }

        return text.ToString();
    }

    private static void Line(StringBuilder text, string block, string kernel, KernelSchedule schedule) =>
        text.Append("  ").Append((block + " " + kernel).PadRight(16)).Append(schedule.Describe()).Append('\n');
}
