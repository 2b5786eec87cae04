using System;
using System.Text;
using LeNet.Generated.Generator.Plan;

namespace LeNet.Generated.Generator.Emit;

/// <summary>
/// Writes C# line by line with four-space indentation and <c>\n</c> line ends, so output is the
/// same on every machine. Braced blocks are scopes: <c>using (writer.Block("if (x)")) { … }</c>.
/// </summary>
internal sealed class SourceWriter
{
    private readonly StringBuilder _text = new();
    private int _depth;
    private bool _afterBlock;

    /// <summary>Writes an indented line; a statement right after a closing brace gets a blank line before it (an <c>else</c> does not).</summary>
    public void Line(string line)
    {
        if (line.Length == 0)
        {
            Line();
            return;
        }

        if (_afterBlock && line != "}" && !line.StartsWith("else", StringComparison.Ordinal))
        {
            _text.Append('\n');
        }

        _afterBlock = false;
        _text.Append(' ', 4 * _depth).Append(line).Append('\n');
    }

    public void Line()
    {
        _afterBlock = false;
        _text.Append('\n');
    }

    /// <summary>Writes <paramref name="header"/>, an opening brace, and indents until the scope is disposed.</summary>
    public Scope Block(string header)
    {
        Line(header);
        Line("{");
        _depth++;
        return new Scope(this, braced: true);
    }

    /// <summary>
    /// Opens a layer kernel, compiled fully optimised at its first call: with default tiering a method with
    /// loops starts unoptimised, and an app's first thousand images would run through those loops.
    /// </summary>
    public Scope Kernel(string signature)
    {
        Line("[global::System.Runtime.CompilerServices.MethodImpl(global::System.Runtime.CompilerServices.MethodImplOptions.AggressiveOptimization)]");
        return Block(signature);
    }

    /// <summary>A bare braced block, giving its locals their own scope.</summary>
    public Scope Braces()
    {
        Line("{");
        _depth++;
        return new Scope(this, braced: true);
    }

    /// <summary>
    /// Opens <c>for (int v = 0; v &lt; count; v++)</c> and returns <paramref name="variable"/> as an
    /// index term. A loop of one iteration is not written at all: the variable is the constant 0.
    /// </summary>
    public Scope For(string variable, int count, out Affine index)
    {
        if (count == 1)
        {
            index = Affine.Zero;
            return new Scope(this, braced: false);
        }

        index = Affine.Of(variable);
        return Block($"for (int {variable} = 0; {variable} < {Literal.Int(count)}; {variable}++)");
    }

    /// <summary>
    /// Opens <c>for (int v = 0; v &lt; count; v += step)</c> for the first index of each tile of
    /// <paramref name="step"/>; when one tile covers the count, no loop and the index is 0.
    /// </summary>
    public Scope For(string variable, int count, int step, out Affine index)
    {
        if (count == step || step == 1)
        {
            return For(variable, count / step, out index);
        }

        index = Affine.Of(variable);
        return Block($"for (int {variable} = 0; {variable} < {Literal.Int(count)}; {variable} += {Literal.Int(step)})");
    }

    /// <summary>An index that is the constant 0 where a loop is written out instead; nothing to close.</summary>
    public static Scope Constant(out Affine index)
    {
        index = Affine.Zero;
        return default;
    }

    /// <summary>
    /// Declares <c>int name = value;</c> and returns the local as an index term, so index expressions
    /// read <c>x[x0 + 33]</c>; a zero value needs no local and is returned as it is.
    /// </summary>
    public Affine Local(string name, Affine value)
    {
        if (value.IsZero)
        {
            return value;
        }

        Line($"int {name} = {value};");
        return Affine.Of(name);
    }

    public override string ToString() => _text.ToString();

    private void Close()
    {
        _depth--;
        Line("}");
        _afterBlock = true;
    }

    /// <summary>Closes a braced block when disposed.</summary>
    public readonly struct Scope(SourceWriter writer, bool braced) : IDisposable
    {
        public void Dispose()
        {
            if (braced)
            {
                writer.Close();
            }
        }
    }
}
