using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using LeNet.Generated.Generator.Emit;
using LeNet.Generated.Generator.Infrastructure;
using LeNet.Generated.Generator.Parse;
using LeNet.Generated.Generator.Plan;
using LeNet.Generated.Generator.Validate;
using Microsoft.CodeAnalysis;

namespace LeNet.Generated.Generator;

/// <summary>
/// Generates a network for every class marked <c>[Network]</c>: parse → validate → plan → emit,
/// each stage a pure function over equatable records, so an edit that does not touch a network's
/// declaration leaves every step cached. Diagnostics are reported from their own output node.
/// </summary>
[Generator(LanguageNames.CSharp)]
public sealed class NetworkGenerator : IIncrementalGenerator
{
    public void Initialize(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValuesProvider<ValidationResult> validated = context.SyntaxProvider
            .ForAttributeWithMetadataName(
                Parser.NetworkAttributeName,
                static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax,
                static (context, cancellationToken) => SafeParse(context, cancellationToken))
            .WithTrackingName(TrackingNames.Parse)
            .Select(static (spec, cancellationToken) => Validator.Validate(spec, cancellationToken))
            .WithTrackingName(TrackingNames.Validate);

        IncrementalValueProvider<((ImmutableArray<EquatableArray<DiagnosticInfo>> Networks, EquatableArray<DiagnosticInfo> WithoutNetwork) Left, Compilation Right)> diagnostics = validated
            .Select(static (result, _) => result.Diagnostics)
            .WithTrackingName(TrackingNames.Diagnostics)
            .Collect()
            .Combine(FindLayersWithoutNetwork(context))
            .Combine(context.CompilationProvider);
        context.RegisterSourceOutput(diagnostics, static (context, input) =>
        {
            foreach (EquatableArray<DiagnosticInfo> network in input.Left.Networks)
            {
                foreach (DiagnosticInfo diagnostic in network)
                {
                    context.ReportDiagnostic(diagnostic.ToDiagnostic(input.Right));
                }
            }

            foreach (DiagnosticInfo diagnostic in input.Left.WithoutNetwork)
            {
                context.ReportDiagnostic(diagnostic.ToDiagnostic(input.Right));
            }
        });

        IncrementalValuesProvider<NetworkPlan> plans = validated
            .Select(static (result, _) => result.Model)
            .Where(static model => model is not null)
            .WithTrackingName(TrackingNames.Model)
            .Select(static (model, cancellationToken) => Planner.Plan(model!, cancellationToken))
            .WithTrackingName(TrackingNames.Plan);

        // Read from every compilation, but equal from one to the next, so the emission stays cached.
        IncrementalValueProvider<TargetFeatures> features = context.CompilationProvider
            .Select(static (compilation, cancellationToken) => TargetFeatures.From(compilation, cancellationToken))
            .Combine(context.AnalyzerConfigOptionsProvider.Select(static (options, _) => TargetFeatures.RunsInBrowser(options)))
            .Select(static (input, _) => input.Left with { IsBrowser = input.Right })
            .WithTrackingName(TrackingNames.TargetFeatures);

        IncrementalValuesProvider<(NetworkPlan Plan, TargetFeatures Features)> emits = plans
            .Combine(features)
            .WithTrackingName(TrackingNames.Emit);

        context.RegisterSourceOutput(emits, static (context, input) =>
        {
            if (SafeEmit(input.Plan, input.Features, context.ReportDiagnostic, context.CancellationToken) is { } files)
            {
                foreach (GeneratedFile file in files)
                {
                    context.AddSource(file.HintName, file.Source);
                }
            }
        });
    }

    /// <summary>
    /// Classes with layer attributes but no <c>[Network]</c>, each once: one attribute-indexed lookup per
    /// layer attribute type (as cheap and as cached as the <c>[Network]</c> lookup), merged.
    /// </summary>
    private static IncrementalValueProvider<EquatableArray<DiagnosticInfo>> FindLayersWithoutNetwork(IncrementalGeneratorInitializationContext context)
    {
        IncrementalValueProvider<EquatableArray<DiagnosticInfo>>? all = null;
        foreach (string name in LayersWithoutNetwork.LayerAttributeNames)
        {
            IncrementalValueProvider<EquatableArray<DiagnosticInfo>> found = context.SyntaxProvider
                .ForAttributeWithMetadataName(
                    name,
                    static (node, _) => node is Microsoft.CodeAnalysis.CSharp.Syntax.TypeDeclarationSyntax,
                    static (context, cancellationToken) => SafeFind(context, cancellationToken))
                .WithTrackingName(TrackingNames.LayersWithoutNetwork)
                .Where(static diagnostic => diagnostic is not null)
                .Collect()
                .Select(static (found, _) => found.Select(static d => d!).ToEquatableArray());
            all = all is { } before
                ? before.Combine(found).Select(static (pair, _) => pair.Left.Concat(pair.Right).Distinct().ToEquatableArray())
                : found;
        }

        return all!.Value;
    }

    /// <summary>Looks for a missing <c>[Network]</c>, turning an unexpected exception into LENET999 on the class.</summary>
    private static DiagnosticInfo? SafeFind(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken)
    {
        try
        {
            return LayersWithoutNetwork.Find(context, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            return DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, LocationInfo.From(context.TargetNode), context.TargetSymbol.Name, exception.Message);
        }
    }

    /// <summary>
    /// Emits, turning an unexpected exception into LENET999 (without a location: the plan is
    /// location-free so that it caches). <paramref name="emit"/> is for tests that inject a failure.
    /// </summary>
    internal static IReadOnlyList<GeneratedFile>? SafeEmit(NetworkPlan plan, TargetFeatures features, Action<Diagnostic> report, CancellationToken cancellationToken, Func<NetworkPlan, TargetFeatures, CancellationToken, IReadOnlyList<GeneratedFile>>? emit = null)
    {
        try
        {
            return (emit ?? Emitter.Emit)(plan, features, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            // Never let an exception escape: it would surface only as CS8785 and drop the network.
            report(Diagnostic.Create(DiagnosticDescriptors.InternalError, Location.None, plan.Type.NestedName, exception.Message));
            return null;
        }
    }

    /// <summary>
    /// Parses, turning an unexpected exception into LENET999 on the <c>[Network]</c> attribute.
    /// <paramref name="parse"/> is for tests that inject a failure.
    /// </summary>
    internal static NetworkSpec SafeParse(GeneratorAttributeSyntaxContext context, CancellationToken cancellationToken, Func<GeneratorAttributeSyntaxContext, CancellationToken, NetworkSpec>? parse = null)
    {
        try
        {
            return (parse ?? Parser.Parse)(context, cancellationToken);
        }
        catch (Exception exception) when (exception is not OperationCanceledException)
        {
            LocationInfo? location = context.Attributes.Length > 0
                ? LocationInfo.From(context.Attributes[0].ApplicationSyntaxReference?.GetSyntax(cancellationToken))
                : LocationInfo.From(context.TargetNode);
            var type = new TypeDeclaration(null, EquatableArray<string>.Empty, "class", context.TargetSymbol.Name);
            var diagnostic = DiagnosticInfo.Create(DiagnosticDescriptors.InternalError, location, context.TargetSymbol.Name, exception.Message);
            return new NetworkSpec(type, location, null, null, null, ScalarType.Float, EquatableArray<LayerSpec>.Empty, new[] { diagnostic }.ToEquatableArray(), HasCompilerErrors: true);
        }
    }
}
