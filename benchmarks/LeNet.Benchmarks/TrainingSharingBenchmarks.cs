using BenchmarkDotNet.Attributes;
using LeNet.Generated.Optimizers;
using LeNet.Generated.Training;

namespace LeNet.Benchmarks;

/// <summary>
/// Where two-thread training loses time, per image on MNIST: the data-parallel step on 64 images (32 a thread,
/// the gradients summed, one update of the parameters both threads read) beside two 32-image steps at once on
/// two independent copies of the network, which share no memory, and one 32-image step alone. When the
/// independent pair takes per image half of what one step alone takes, the two cores do not slow each other,
/// and what the data-parallel step takes beyond the pair is its sharing: the gradient sum, the update and the
/// cache lines they move between the cores.
/// </summary>
[MemoryDiagnoser]
public class TrainingSharingBenchmarks
{
    private const int Batch = 64, Half = Batch / 2;
    private Trainer<LeNet5, float> _shared = null!, _left = null!, _right = null!;
    private float[] _images = null!;
    private int[] _labels = null!;
    private Partner? _partner;

    [GlobalSetup]
    public void Setup()
    {
        (float[][] images, int[][] labels) = Workload.MnistBatches(1, Batch);
        (_images, _labels) = (images[0], labels[0]);
        _shared = Trainer(threads: 2, Batch);
        _left = Trainer(threads: 1, Half);
        _right = Trainer(threads: 1, Half);
    }

    /// <summary>The partner thread spins while it waits, so only the case that uses it starts it.</summary>
    [GlobalSetup(Target = nameof(TwoIndependent))]
    public void SetupPartner()
    {
        Setup();
        int half = Half * LeNet5.InputLength;
        _partner = new Partner(() => _right.Step(_images.AsSpan(half), _labels.AsSpan(Half)));
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _partner?.Dispose();
        _shared.Dispose();
        _left.Dispose();
        _right.Dispose();
    }

    [Benchmark(Description = "data-parallel step, 2 threads, batch 64", OperationsPerInvoke = Batch)]
    public double DataParallel() => _shared.Step(_images, _labels);

    [Benchmark(Description = "two independent 32-image steps at once", OperationsPerInvoke = Batch)]
    public double TwoIndependent()
    {
        _partner!.Start();
        double loss = LeftStep();
        _partner.Wait();
        return loss;
    }

    [Benchmark(Description = "one 32-image step alone", OperationsPerInvoke = Half)]
    public double OneAlone() => LeftStep();

    private double LeftStep() => _left.Step(_images.AsSpan(0, Half * LeNet5.InputLength), _labels.AsSpan(0, Half));

    private static Trainer<LeNet5, float> Trainer(int threads, int batch) =>
        new(Workload.Network(), new Sgd<float>(LeNet5.ParameterCount, 0.01f, 0.9f), new TrainingOptions { Threads = threads, BatchSize = batch });

    /// <summary>A thread that runs one piece of work each time it is started, handed over by a spinning flag as the trainer's pool does.</summary>
    private sealed class Partner : IDisposable
    {
        private readonly Thread _thread;
        private readonly Action _work;
        private volatile int _started, _finished;
        private volatile bool _disposed;

        public Partner(Action work)
        {
            _work = work;
            _thread = new Thread(Loop) { IsBackground = true, Name = "benchmark partner" };
            _thread.Start();
        }

        public void Start() => _started++;

        public void Wait()
        {
            while (_finished != _started)
            {
                Thread.SpinWait(8);
            }
        }

        public void Dispose()
        {
            _disposed = true;
            _thread.Join();
        }

        private void Loop()
        {
            while (!_disposed)
            {
                if (_finished == _started)
                {
                    Thread.SpinWait(8);
                    continue;
                }

                _work();
                _finished++;
            }
        }
    }
}
