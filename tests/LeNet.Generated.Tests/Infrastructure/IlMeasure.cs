using System.Buffers.Binary;
using System.Reflection;
using System.Reflection.Emit;

namespace LeNet.Generated.Tests.Infrastructure;

/// <summary>
/// What RyuJIT measures in a method's IL before it decides whether to optimise it (see
/// <see cref="JitLimits"/>): instructions, bytes, basic blocks, locals and local references.
/// </summary>
internal readonly record struct IlMeasure(int Instructions, int Bytes, int BasicBlocks, int Locals, int LocalReferences)
{
    private static readonly OpCode?[] OneByte = new OpCode?[0x100];
    private static readonly OpCode?[] TwoByte = new OpCode?[0x100];

    static IlMeasure()
    {
        foreach (FieldInfo field in typeof(OpCodes).GetFields(BindingFlags.Public | BindingFlags.Static))
        {
            var opCode = (OpCode)field.GetValue(null)!;
            ushort value = (ushort)opCode.Value;
            if (opCode.Size == 1)
            {
                OneByte[value] = opCode;
            }
            else
            {
                TwoByte[value & 0xFF] = opCode;
            }
        }
    }

    /// <summary>The measures of <paramref name="method"/>'s body, or null when it has none (abstract, extern, runtime-implemented).</summary>
    public static IlMeasure? Of(MethodBase method)
    {
        MethodBody? body = method.GetMethodBody();
        if (body?.GetILAsByteArray() is not { } il)
        {
            return null;
        }

        // The JIT numbers arguments (with `this`) and IL locals in one table.
        int locals = body.LocalVariables.Count + method.GetParameters().Length + (method.IsStatic ? 0 : 1);
        var regionStarts = new List<int>();
        foreach (ExceptionHandlingClause clause in body.ExceptionHandlingClauses)
        {
            regionStarts.AddRange([clause.TryOffset, clause.TryOffset + clause.TryLength, clause.HandlerOffset, clause.HandlerOffset + clause.HandlerLength]);
            if (clause.Flags == ExceptionHandlingClauseOptions.Filter)
            {
                regionStarts.Add(clause.FilterOffset);
            }
        }

        return Read(il, regionStarts, locals);
    }

    /// <summary>
    /// Decodes <paramref name="il"/>. <paramref name="regionStarts"/>: offsets where a try, handler or
    /// filter region begins or ends, each starting a block. Counts as the JIT's importer does:
    /// a prefix (volatile., constrained., …) is not an instruction of its own; local references are
    /// ldarg*, ldarga*, starg*, ldloc*, ldloca* and stloc* in their short and long forms.
    /// </summary>
    public static IlMeasure Read(byte[] il, IEnumerable<int> regionStarts, int locals)
    {
        var leaders = new HashSet<int> { 0 };
        foreach (int start in regionStarts)
        {
            leaders.Add(start);
        }

        int instructions = 0, references = 0;
        for (int offset = 0; offset < il.Length;)
        {
            OpCode opCode = Decode(il, ref offset);
            int code = (ushort)opCode.Value;
            if ((code is >= 0x02 and <= 0x13) || (code is >= 0xFE09 and <= 0xFE0E))
            {
                references++; // ldarg.0 … stloc.s, then ldarg … stloc
            }

            if (opCode.OpCodeType != OpCodeType.Prefix)
            {
                instructions++;
            }

            int operand = offset;
            offset += OperandSize(opCode, il, operand);
            switch (opCode.OperandType)
            {
                case OperandType.ShortInlineBrTarget:
                    leaders.Add(offset + (sbyte)il[operand]);
                    break;
                case OperandType.InlineBrTarget:
                    leaders.Add(offset + BinaryPrimitives.ReadInt32LittleEndian(il.AsSpan(operand)));
                    break;
                case OperandType.InlineSwitch:
                    int cases = BinaryPrimitives.ReadInt32LittleEndian(il.AsSpan(operand));
                    for (int i = 0; i < cases; i++)
                    {
                        leaders.Add(offset + BinaryPrimitives.ReadInt32LittleEndian(il.AsSpan(operand + 4 + (4 * i))));
                    }

                    break;
            }

            // Branches, switch, leave, ret, throw, rethrow, endfinally and endfilter end a block.
            if (opCode.FlowControl is FlowControl.Branch or FlowControl.Cond_Branch or FlowControl.Return or FlowControl.Throw)
            {
                leaders.Add(offset);
            }
        }

        int blocks = leaders.Count(l => l < il.Length);
        return new IlMeasure(instructions, il.Length, blocks, locals, references);
    }

    private static OpCode Decode(byte[] il, ref int offset)
    {
        byte first = il[offset++];
        OpCode? opCode = first == 0xFE ? TwoByte[il[offset++]] : OneByte[first];
        return opCode ?? throw new InvalidDataException($"Unknown opcode at IL offset {offset - 1}.");
    }

    private static int OperandSize(OpCode opCode, byte[] il, int operand) => opCode.OperandType switch
    {
        OperandType.InlineNone => 0,
        OperandType.ShortInlineBrTarget or OperandType.ShortInlineI or OperandType.ShortInlineVar => 1,
        OperandType.InlineVar => 2,
        OperandType.InlineI8 or OperandType.InlineR => 8,
        OperandType.InlineSwitch => 4 + (4 * BinaryPrimitives.ReadInt32LittleEndian(il.AsSpan(operand))),
        _ => 4, // branch targets, int32, float32, tokens (field, method, type, string, signature)
    };
}
