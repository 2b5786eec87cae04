using System.Collections.Generic;
using System.Collections.Immutable;
using LeNet.Generated.Generator.Infrastructure;
using LeNet.Generated.Generator.Parse;

namespace LeNet.Generated.Generator.Validate;

/// <summary>
/// What the built-in loss makes of the end of a valid network: softmax cross-entropy reads the last
/// layer's outputs as one raw logit per class, BCE-with-logits as one raw logit per label, mean squared
/// error as they are (any activation may shape a regression's outputs, and one output is a regression).
/// Warnings, not errors: the network is still well formed, and a loss of one's own through <c>Backward</c>
/// may want exactly these outputs.
/// </summary>
internal static class OutputChecks
{
    public static void Check(Shape input, IReadOnlyList<LayerStep> steps, LossKind loss, ImmutableArray<DiagnosticInfo>.Builder diagnostics)
    {
        int last = LastIndex(steps, s => !s.Spec.Kind.IsActivation() && s.Spec.Kind is not (LayerKind.Flatten or LayerKind.Dropout or LayerKind.BatchNorm2d or LayerKind.BatchNorm1d));
        int end = LastIndex(steps, s => !s.Spec.Kind.IsActivation() && s.Spec.Kind != LayerKind.Dropout);
        LayerStep atEnd = steps[end >= 0 ? end : steps.Count - 1];
        Shape? output = last >= 0 ? steps[last].Output : input;
        if (output is null)
        {
            return;
        }

        if (loss != LossKind.CrossEntropy)
        {
            // Only cross-entropy reads the outputs as classes; a map or a single output is a fine target shape for the others.
        }
        else if ((last < 0 || steps[last].Spec.Kind != LayerKind.Linear) && !output.IsFlat)
        {
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.NoFinalLinear, atEnd.Spec.Location, atEnd.Where, output, output.Length));
        }
        else if (output.Length == 1)
        {
            LayerStep single = last >= 0 ? steps[last] : atEnd;
            diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.SingleOutput, single.Spec.Location, single.Name));
        }

        for (int i = last + 1; last >= 0 && loss == LossKind.CrossEntropy && i < steps.Count; i++)
        {
            if (steps[i].Spec.Kind == LayerKind.Dropout && steps[last].Spec.Kind == LayerKind.Linear)
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.DropoutOnLogits, steps[i].Spec.Location, steps[i].Name, steps[last].Name));
                break;
            }
        }

        for (int i = last + 1; last >= 0 && loss != LossKind.MeanSquaredError && i < steps.Count; i++)
        {
            if (steps[i].Spec.Kind.IsActivation())
            {
                diagnostics.Add(DiagnosticInfo.Create(DiagnosticDescriptors.ActivationOnLogits, steps[i].Spec.Location, steps[i].Spec.Kind, steps[last].Name, Effect(steps[i].Spec.Kind, loss)));
                break;
            }
        }
    }

    private static string Effect(LayerKind activation, LossKind loss)
    {
        string reader = loss == LossKind.CrossEntropy ? "softmax cross-entropy" : "BCE-with-logits";
        return activation switch
        {
            LayerKind.ReLU => $"clips the logits that {reader} reads at 0",
            LayerKind.LeakyReLU => $"shrinks the negative logits that {reader} reads by its slope",
            LayerKind.Sigmoid when loss == LossKind.BinaryCrossEntropyWithLogits => $"squashes the logits that {reader} reads into (0, 1), and the loss applies its own sigmoid after it",
            LayerKind.Sigmoid => $"squashes the logits that {reader} reads into (0, 1)",
            LayerKind.ScaledTanh => $"squashes the logits that {reader} reads into (-1.7159, 1.7159)",
            _ => $"squashes the logits that {reader} reads into (-1, 1)",
        };
    }

    private static int LastIndex(IReadOnlyList<LayerStep> steps, System.Func<LayerStep, bool> match)
    {
        for (int i = steps.Count - 1; i >= 0; i--)
        {
            if (match(steps[i]))
            {
                return i;
            }
        }

        return -1;
    }
}
