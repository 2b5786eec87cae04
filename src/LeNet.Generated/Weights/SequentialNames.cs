namespace LeNet.Generated.Weights;

/// <summary>
/// Name maps between a generated network's <c>state_dict</c> keys (<c>conv1.weight</c>, <c>fc3.bias</c>)
/// and those of a PyTorch model built from <c>nn.Sequential</c> containers, whose keys are module
/// paths with indices (<c>features.0.weight</c>, <c>classifier.4.bias</c>). A map's keys are the
/// PyTorch names and its values the network's, the direction <see cref="SafeTensors.Load{TNetwork, T}"/>
/// takes; <see cref="ToFileNames"/> applies one the other way, to write a file PyTorch loads directly.
/// </summary>
public static class SequentialNames
{
    /// <summary>
    /// The map for the reference PyTorch LeNet-5: <c>features = Sequential(Conv2d, Tanh, AvgPool2d,
    /// Conv2d, Tanh, AvgPool2d)</c>, <c>classifier = Sequential(Linear, Tanh, Linear, Tanh, Linear)</c>,
    /// so <c>features.0</c>, <c>features.3</c>, <c>classifier.0</c>, <c>classifier.2</c> and
    /// <c>classifier.4</c> are the generated LeNet-5's <c>conv1</c>, <c>conv2</c>, <c>fc1</c>,
    /// <c>fc2</c> and <c>fc3</c>.
    /// </summary>
    public static IReadOnlyDictionary<string, string> LeNet5 { get; } = Create(
        ["conv1", "conv2", "fc1", "fc2", "fc3"],
        ["features.0", "features.3", "classifier.0", "classifier.2", "classifier.4"]);

    /// <summary>
    /// Maps PyTorch module paths to <paramref name="tensors"/>' layers, in order: the first layer
    /// that has parameters (e.g. <c>conv1</c>) is <paramref name="modulePaths"/>[0] (e.g. <c>features.0</c>),
    /// and so on; each of the layer's tensors keeps its suffix (<c>.weight</c>, <c>.bias</c>).
    /// </summary>
    /// <param name="tensors">A network's <c>ParameterTensors</c>.</param>
    /// <param name="modulePaths">The PyTorch module path of each layer with parameters, in the network's order.</param>
    /// <returns>PyTorch name → network name, for every tensor.</returns>
    /// <exception cref="ArgumentException">The number of paths is not the number of layers with parameters, or a path is empty or repeated.</exception>
    public static IReadOnlyDictionary<string, string> Create(IReadOnlyList<ParameterTensor> tensors, params IReadOnlyList<string> modulePaths)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        return Create(tensors.Select(t => ModuleOf(t.Name)).Distinct(StringComparer.Ordinal).ToArray(), modulePaths, tensors.Select(t => t.Name));
    }

    /// <summary>
    /// <paramref name="tensors"/> renamed by the inverse of <paramref name="nameMap"/> (network name →
    /// file name), with the same offsets and shapes: pass them to <see cref="SafeTensors.Write(string, IReadOnlyList{ParameterTensor}, ReadOnlySpan{float}, IReadOnlyDictionary{string, string}?)"/>
    /// to write a file under PyTorch's names. Tensors the map does not mention keep their names.
    /// </summary>
    /// <param name="tensors">A network's <c>ParameterTensors</c>.</param>
    /// <param name="nameMap">File name → network name, as passed to <see cref="SafeTensors.Load{TNetwork, T}"/>.</param>
    /// <exception cref="ArgumentException">Two file names map to the same network name.</exception>
    public static IReadOnlyList<ParameterTensor> ToFileNames(IReadOnlyList<ParameterTensor> tensors, IReadOnlyDictionary<string, string> nameMap)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        ArgumentNullException.ThrowIfNull(nameMap);
        var inverse = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach ((string file, string network) in nameMap)
        {
            if (!inverse.TryAdd(network, file))
            {
                throw new ArgumentException($"Both '{inverse[network]}' and '{file}' map to '{network}'; expected one file name per network name.", nameof(nameMap));
            }
        }

        return tensors.Select(t => inverse.TryGetValue(t.Name, out string? file) ? t with { Name = file } : t).ToArray();
    }

    private static Dictionary<string, string> Create(IReadOnlyList<string> layers, IReadOnlyList<string> modulePaths, IEnumerable<string>? names = null)
    {
        ArgumentNullException.ThrowIfNull(modulePaths);
        if (modulePaths.Count != layers.Count)
        {
            throw new ArgumentException(
                $"{modulePaths.Count} module paths for {layers.Count} layers with parameters ({string.Join(", ", layers)}); expected one path per layer, in order.",
                nameof(modulePaths));
        }

        var moduleOf = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < layers.Count; i++)
        {
            if (string.IsNullOrWhiteSpace(modulePaths[i]) || moduleOf.ContainsValue(modulePaths[i]))
            {
                throw new ArgumentException($"Module path {i} ('{modulePaths[i]}', for {layers[i]}) is empty or repeated; expected distinct paths such as 'features.0'.", nameof(modulePaths));
            }

            moduleOf.Add(layers[i], modulePaths[i]);
        }

        names ??= layers.SelectMany(layer => new[] { layer + ".weight", layer + ".bias" });
        var map = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (string name in names)
        {
            map.Add(moduleOf[ModuleOf(name)] + name[ModuleOf(name).Length..], name);
        }

        return map;
    }

    // "conv1.weight" → "conv1"; a name without a dot is its own module.
    private static string ModuleOf(string name)
    {
        int dot = name.LastIndexOf('.');
        return dot < 0 ? name : name[..dot];
    }
}
