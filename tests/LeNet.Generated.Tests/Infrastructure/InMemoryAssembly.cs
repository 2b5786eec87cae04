using System.Reflection;
using System.Runtime.Loader;
using Microsoft.CodeAnalysis;

namespace LeNet.Generated.Tests.Infrastructure;

/// <summary>
/// Emits a compilation to memory and loads it into a collectible load context, so tests can run
/// networks generated from random specs. References resolve to the test's own copies, so the
/// runtime library's types are shared with the test code.
/// </summary>
internal sealed class InMemoryAssembly : IDisposable
{
    private readonly AssemblyLoadContext _context = new("GeneratedNetworks", isCollectible: true);

    public InMemoryAssembly(Compilation compilation)
    {
        using var stream = new MemoryStream();
        Microsoft.CodeAnalysis.Emit.EmitResult result = compilation.Emit(stream);
        Assert.True(result.Success, string.Join("\n", result.Diagnostics.Where(d => d.Severity == DiagnosticSeverity.Error)));
        stream.Position = 0;
        Assembly = _context.LoadFromStream(stream);
    }

    public Assembly Assembly { get; }

    public Type Type(string name) => Assembly.GetType(name, throwOnError: true)!;

    public void Dispose() => _context.Unload();
}
