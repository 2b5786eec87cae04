using LeNet.Generated.Generator.Emit;

namespace LeNet.Generated.Generator;

/// <summary>Names of the pipeline steps, so incrementality tests can find them.</summary>
internal static class TrackingNames
{
    public const string Parse = nameof(Parse);
    public const string Validate = nameof(Validate);
    public const string Diagnostics = nameof(Diagnostics);
    public const string Model = nameof(Model);
    public const string Plan = nameof(Plan);
    public const string TargetFeatures = nameof(TargetFeatures);
    public const string Emit = nameof(Emit);
    public const string LayersWithoutNetwork = nameof(LayersWithoutNetwork);
}
