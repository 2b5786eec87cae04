namespace LeNet.Generated.Tests.Packaging;

/// <summary>The package tests' console consumer: its project file, its networks and its program.</summary>
internal static class ConsumerSources
{
    public static string Project(string version, string packages, string? fallback) => $"""
        <Project Sdk="Microsoft.NET.Sdk">
          <PropertyGroup>
            <OutputType>Exe</OutputType>
            <TargetFrameworks>net8.0;net10.0</TargetFrameworks>
            <Nullable>enable</Nullable>
            <ImplicitUsings>enable</ImplicitUsings>
            <TreatWarningsAsErrors>true</TreatWarningsAsErrors>
            <InvariantGlobalization>true</InvariantGlobalization>
            <!-- The test is about this package, not about which frameworks a newer SDK calls out of support. -->
            <CheckEolTargetFramework>false</CheckEolTargetFramework>
            <RestorePackagesPath>{packages}</RestorePackagesPath>
            <RestoreAdditionalProjectFallbackFolders>{fallback}</RestoreAdditionalProjectFallbackFolders>
          </PropertyGroup>
          <ItemGroup>
            <PackageReference Include="LeNet.Generated" Version="{version}" />
          </ItemGroup>
        </Project>
        """;

    public const string Networks = """
        using LeNet.Generated;

        [Network(Channels = 1, Height = 6, Width = 6)]
        [Conv2d(2, KernelSize = 3), ReLU]
        [MaxPool2d(2)]
        [Linear(3)]
        public sealed partial class TinyNet;

        [Network(Channels = 1, Height = 28, Width = 28)]
        [Conv2d(6, KernelSize = 5, Padding = 2), Tanh]
        [AvgPool2d(2)]
        [Conv2d(16, KernelSize = 5), Tanh]
        [AvgPool2d(2)]
        [Linear(120), Tanh]
        [Linear(84), Tanh]
        [Linear(10)]
        public sealed partial class LeNet5;

        // Double precision, sigmoid and the scaled tanh: the vector exp and double multiply-adds.
        [Network(Channels = 1, Height = 28, Width = 28, ElementType = typeof(double))]
        [Conv2d(4, KernelSize = 5), Sigmoid]
        [AvgPool2d(2, Trainable = true), ScaledTanh]
        [Linear(10)]
        public sealed partial class Smooth;
        """;

    /// <summary>
    /// Without arguments: trains the tiny network and prints what the first package test checks. With
    /// <c>compare weights mnist count output</c>: LeNet-5's logits and predictions for the first
    /// <c>count</c> MNIST test images with the given weights, ten SGD steps of LeNet-5 and of the double
    /// network, written to <c>output</c>, and the prediction speed.
    /// </summary>
    public const string Program = """
        using System.Diagnostics;
        using LeNet.Generated;
        using LeNet.Generated.Data;
        using LeNet.Generated.Optimizers;
        using LeNet.Generated.Weights;

        if (args.Length == 0)
        {
            var network = new TinyNet(seed: 1);
            var images = new float[4 * TinyNet.InputLength];
            for (int i = 0; i < images.Length; i++) images[i] = (i % 7) / 7f;
            int[] labels = [0, 1, 2, 0];
            var sgd = new Sgd<float>(TinyNet.ParameterCount, learningRate: 0.1f);
            float first = network.TrainStep(images, labels, sgd);
            float loss = first;
            for (int step = 0; step < 50; step++) loss = network.TrainStep(images, labels, sgd);
            Console.WriteLine($"parameters {TinyNet.ParameterCount}");
            Console.WriteLine($"loss fell {loss < first} ({first} to {loss})");
            Console.WriteLine($"first tensor {TinyNet.ParameterTensors[0].Name}");
            return;
        }

        int count = int.Parse(args[3]);
        var lenet = new LeNet5(seed: 1);
        SafeTensors.Load<LeNet5, float>(lenet, args[1]);
        MnistDataset test = MnistDataset.Load(args[2], train: false).Take(count);
        var logits = new float[count * LeNet5.OutputLength];
        lenet.Forward(test.Images, logits);
        var predictions = new int[count];
        lenet.Predict(test.Images, predictions);
        int correct = predictions.Where((p, i) => p == test.Labels[i]).Count();

        const int Steps = 10, Batch = 64;
        var trained = new LeNet5(seed: 1);
        var sgdFloat = new Sgd<float>(LeNet5.ParameterCount, 0.05f, momentum: 0.9f);
        var losses = new float[Steps];
        for (int i = 0; i < Steps; i++) losses[i] = trained.TrainStep(test.Images.AsSpan(0, Batch * 784), test.Labels.AsSpan(0, Batch), sgdFloat);

        double[] doubles = [.. test.Images.Select(x => (double)x)];
        var smooth = new Smooth(seed: 2);
        var sgdDouble = new Sgd<double>(Smooth.ParameterCount, 0.05, momentum: 0.9);
        var smoothLosses = new double[Steps];
        for (int i = 0; i < Steps; i++) smoothLosses[i] = smooth.TrainStep(doubles.AsSpan(0, Batch * 784), test.Labels.AsSpan(0, Batch), sgdDouble);
        var smoothLogits = new double[count * Smooth.OutputLength];
        smooth.Forward(doubles, smoothLogits);

        using (var output = new BinaryWriter(File.Create(args[4])))
        {
            foreach (float x in logits) output.Write(x);
            foreach (int p in predictions) output.Write(p);
            foreach (float x in losses) output.Write(x);
            foreach (double x in smoothLogits) output.Write(x);
            foreach (double x in smoothLosses) output.Write(x);
        }

        // The best of five rounds of classifying the images 40 times, in CPU time: one thread, and less
        // disturbed by other processes than wall time.
        double best = double.MaxValue;
        for (int round = 0; round < 5; round++)
        {
            TimeSpan cpu = Process.GetCurrentProcess().TotalProcessorTime;
            for (int r = 0; r < 40; r++) lenet.Predict(test.Images, predictions);
            best = Math.Min(best, (Process.GetCurrentProcess().TotalProcessorTime - cpu).TotalSeconds);
        }

        Console.WriteLine($"runtime {Environment.Version}, {VectorWidths.Best} kernels");
        Console.WriteLine($"correct {correct} of {count}");
        Console.WriteLine($"images/s {40 * count / best:F0}");
        """;
}
