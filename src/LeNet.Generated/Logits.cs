using System.Numerics;

namespace LeNet.Generated;

/// <summary>Turning a row of logits into a class or into probabilities.</summary>
public static class Logits
{
    /// <summary>Returns the index of the largest logit; the first on ties; a NaN logit wins, as <c>torch.argmax</c>.</summary>
    public static int ArgMax<T>(ReadOnlySpan<T> logits)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        if (logits.IsEmpty)
        {
            throw new ArgumentException("Expected at least one logit, but the span is empty.", nameof(logits));
        }

        int best = 0;
        for (int i = 1; i < logits.Length && !T.IsNaN(logits[best]); i++)
        {
            if (logits[i] > logits[best] || T.IsNaN(logits[i]))
            {
                best = i;
            }
        }

        return best;
    }

    /// <summary>Writes softmax(<paramref name="logits"/>) to <paramref name="probabilities"/>, with the maximum subtracted first.</summary>
    public static void Softmax<T>(ReadOnlySpan<T> logits, Span<T> probabilities)
        where T : unmanaged, IFloatingPointIeee754<T>
    {
        Guard.Length(probabilities.Length, logits.Length, nameof(probabilities));
        T max = logits[ArgMax(logits)];
        T sum = T.Zero;
        for (int i = 0; i < logits.Length; i++)
        {
            probabilities[i] = T.Exp(logits[i] - max);
            sum += probabilities[i];
        }

        for (int i = 0; i < probabilities.Length; i++)
        {
            probabilities[i] /= sum;
        }
    }
}
