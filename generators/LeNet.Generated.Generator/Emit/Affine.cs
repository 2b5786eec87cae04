using System.Collections.Generic;
using System.Text;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// An index expression <c>c + Σ kᵢ·vᵢ</c> over loop variables, rendered with zero terms dropped
/// and unit coefficients omitted, so unrolled code reads <c>x[x0 + 33]</c> rather than
/// <c>x[0 * 1024 + 1 * x0 + 33]</c>. Every coefficient and constant is a literal.
/// </summary>
internal sealed class Affine
{
    public static readonly Affine Zero = new(0, []);

    private readonly long _constant;
    private readonly KeyValuePair<string, long>[] _terms;

    private Affine(long constant, KeyValuePair<string, long>[] terms)
    {
        _constant = constant;
        _terms = terms;
    }

    public static Affine Of(string variable) => new(0, [new(variable, 1)]);

    /// <summary>The constant term; the whole value when there are no variables.</summary>
    public long Constant => _constant;

    /// <summary>True for the constant 0.</summary>
    public bool IsZero => _constant == 0 && _terms.Length == 0;

    public static implicit operator Affine(long constant) => new(constant, []);

    public static Affine operator +(Affine left, Affine right)
    {
        var terms = new List<KeyValuePair<string, long>>(left._terms);
        foreach (KeyValuePair<string, long> term in right._terms)
        {
            int at = terms.FindIndex(t => t.Key == term.Key);
            if (at < 0)
            {
                terms.Add(term);
            }
            else
            {
                terms[at] = new(term.Key, terms[at].Value + term.Value);
            }
        }

        terms.RemoveAll(t => t.Value == 0);
        return new Affine(left._constant + right._constant, [.. terms]);
    }

    public static Affine operator *(Affine left, long factor)
    {
        if (factor == 0)
        {
            return Zero;
        }

        var terms = new KeyValuePair<string, long>[left._terms.Length];
        for (int i = 0; i < terms.Length; i++)
        {
            terms[i] = new(left._terms[i].Key, left._terms[i].Value * factor);
        }

        return new Affine(left._constant * factor, terms);
    }

    public override string ToString()
    {
        var text = new StringBuilder();
        foreach (KeyValuePair<string, long> term in _terms)
        {
            if (text.Length > 0)
            {
                text.Append(" + ");
            }

            text.Append(term.Key);
            if (term.Value != 1)
            {
                text.Append(" * ").Append(Literal.Int(term.Value));
            }
        }

        if (_constant != 0 || text.Length == 0)
        {
            if (text.Length > 0)
            {
                text.Append(_constant < 0 ? " - " : " + ").Append(Literal.Int(System.Math.Abs(_constant)));
            }
            else
            {
                text.Append(Literal.Int(_constant));
            }
        }

        return text.ToString();
    }
}
