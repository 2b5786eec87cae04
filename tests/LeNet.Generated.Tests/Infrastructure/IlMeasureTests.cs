using System.Reflection;
using System.Reflection.Emit;

namespace LeNet.Generated.Tests.Infrastructure;

/// <summary>The IL reader behind <see cref="JitLimitTests"/>, on hand-written IL whose counts are known.</summary>
public sealed class IlMeasureTests
{
    [Fact]
    public void StraightLineCodeIsOneBlock()
    {
        // ldarg.0, ldarg.1, add, stloc.0, ldloc.0, ret
        IlMeasure measure = IlMeasure.Read([0x02, 0x03, 0x58, 0x0A, 0x06, 0x2A], [], locals: 3);

        Assert.Equal(new IlMeasure(Instructions: 6, Bytes: 6, BasicBlocks: 1, Locals: 3, LocalReferences: 4), measure);
    }

    [Fact]
    public void BranchesSplitBlocksAtTheirTargetsAndAfterThemselves()
    {
        byte[] il =
        [
            0x02,             // 0  ldarg.0
            0x2C, 0x03,       // 1  brfalse.s 6
            0x17,             // 3  ldc.i4.1
            0x2B, 0x01,       // 4  br.s 7
            0x16,             // 6  ldc.i4.0
            0x2A,             // 7  ret
        ];

        Assert.Equal(new IlMeasure(6, 8, BasicBlocks: 4, Locals: 1, LocalReferences: 1), IlMeasure.Read(il, [], locals: 1));
    }

    [Fact]
    public void TwoByteOpcodesLongOperandsAndPrefixesAreDecoded()
    {
        byte[] il =
        [
            0xFE, 0x0C, 0x00, 0x01,                         // 0  ldloc 256
            0xFE, 0x0E, 0x01, 0x01,                         // 4  stloc 257
            0xFE, 0x0D, 0x02, 0x01,                         // 8  ldloca 258
            0xFE, 0x13,                                     // 12 volatile. (a prefix: not an instruction)
            0x4A,                                           // 14 ldind.i4
            0x21, 1, 2, 3, 4, 5, 6, 7, 8,                   // 15 ldc.i8
            0x23, 1, 2, 3, 4, 5, 6, 7, 8,                   // 24 ldc.r8
            0x26, 0x26,                                     // 33 pop, pop
            0xFE, 0x0B, 0x00, 0x00,                         // 35 starg 0
            0x0F, 0x01,                                     // 39 ldarga.s 1
            0x26,                                           // 41 pop
            0xFE, 0x1A,                                     // 42 rethrow
        ];

        IlMeasure measure = IlMeasure.Read(il, [], locals: 300);

        Assert.Equal(new IlMeasure(Instructions: 12, Bytes: 44, BasicBlocks: 1, Locals: 300, LocalReferences: 5), measure);
    }

    [Fact]
    public void ASwitchStartsABlockAtEveryCaseAndAfterItself()
    {
        byte[] il =
        [
            0x02,                                           // 0  ldarg.0
            0x45, 0x03, 0, 0, 0,                            // 1  switch (3 cases)
            0x00, 0, 0, 0,                                  //      → 18 (the fall-through: no new block)
            0x02, 0, 0, 0,                                  //      → 20
            0x02, 0, 0, 0,                                  //      → 20 again
            0x17,                                           // 18 ldc.i4.1
            0x2A,                                           // 19 ret
            0x16,                                           // 20 ldc.i4.0
            0x2A,                                           // 21 ret
        ];

        // Blocks start at 0, 18 (after the switch, and case 0) and 20.
        Assert.Equal(new IlMeasure(6, 22, BasicBlocks: 3, Locals: 1, LocalReferences: 1), IlMeasure.Read(il, [], locals: 1));
    }

    [Fact]
    public void ExceptionRegionsStartBlocks()
    {
        byte[] il =
        [
            0x00,             // 0  nop           try start
            0xDE, 0x03,       // 1  leave.s 6
            0x26,             // 3  pop           handler start
            0xDE, 0x00,       // 4  leave.s 6
            0x2A,             // 6  ret           handler end
        ];

        Assert.Equal(new IlMeasure(5, 7, BasicBlocks: 3, Locals: 0, LocalReferences: 0), IlMeasure.Read(il, [0, 3, 3, 6], locals: 0));
    }

    /// <summary>Through reflection: a method emitted at run time, with arguments, `this`, locals and a try/finally.</summary>
    [Fact]
    public void AMethodsBodyIsReadWithItsArgumentsLocalsAndHandlers()
    {
        TypeBuilder builder = AssemblyBuilder.DefineDynamicAssembly(new AssemblyName("IlMeasureProbe"), AssemblyBuilderAccess.RunAndCollect)
            .DefineDynamicModule("IlMeasureProbe").DefineType("Probe", TypeAttributes.Public);
        MethodBuilder method = builder.DefineMethod("Sum", MethodAttributes.Public, typeof(int), [typeof(int), typeof(int)]);
        ILGenerator il = method.GetILGenerator();
        LocalBuilder sum = il.DeclareLocal(typeof(int));
        il.DeclareLocal(typeof(long));
        il.BeginExceptionBlock();
        il.Emit(OpCodes.Ldarg_1);
        il.Emit(OpCodes.Ldarg_2);
        il.Emit(OpCodes.Add);
        il.Emit(OpCodes.Stloc, sum);
        il.BeginFinallyBlock();
        il.Emit(OpCodes.Nop);
        il.EndExceptionBlock();
        il.Emit(OpCodes.Ldloc, sum);
        il.Emit(OpCodes.Ret);

        MethodInfo created = builder.CreateType().GetMethod("Sum")!;
        byte[] bytes = created.GetMethodBody()!.GetILAsByteArray()!;
        IlMeasure measure = IlMeasure.Of(created)!.Value;

        // ldarg.1 ldarg.2 add stloc.0 leave | nop endfinally | ldloc.0 ret: the try, the finally and what follows.
        Assert.Equal(9, measure.Instructions);
        Assert.Equal(bytes.Length, measure.Bytes);
        Assert.Equal(3, measure.BasicBlocks);
        Assert.Equal(2 + 2 + 1, measure.Locals); // two locals, two arguments and `this`
        Assert.Equal(4, measure.LocalReferences);
    }
}
