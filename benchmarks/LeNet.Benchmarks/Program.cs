using BenchmarkDotNet.Running;

// dotnet run -c Release --project benchmarks/LeNet.Benchmarks -- --filter '*'   (see benchmarks/README.md)
BenchmarkSwitcher.FromAssembly(typeof(Program).Assembly).Run(args);
