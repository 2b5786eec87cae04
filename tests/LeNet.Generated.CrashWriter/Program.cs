using LeNet.Generated.CrashWriter;
using LeNet.Generated.Optimizers;
using LeNet.Generated.Training;

// Usage: LeNet.Generated.CrashWriter <checkpoint path>
// Resumes from the checkpoint if there is one (so a damaged one fails here too), then writes
// checkpoint after checkpoint, each a function of its step, until killed; prints each step once saved.
string path = args.Length == 1 ? args[0] : throw new ArgumentException("Expected one argument, the checkpoint path.", nameof(args));
var network = new CheckpointedNet(1);
var adam = new Adam<float>(CheckpointedNet.ParameterCount, 1e-3f);
long step = File.Exists(path) ? Checkpoint.Load(path, network, adam).OptimizerSteps + 1 : 0;
for (; ; step++)
{
    Expected.Fill(network.Parameters, step, 0);
    Expected.Fill(adam.State, step, CheckpointedNet.ParameterCount);
    adam.Steps = step;
    Checkpoint.Save(path, network, adam, epoch: (int)(step % 1000), new Dictionary<string, string> { ["step"] = step.ToString(System.Globalization.CultureInfo.InvariantCulture) });
    Console.WriteLine(step.ToString(System.Globalization.CultureInfo.InvariantCulture)); // saved: the test checks no later kill loses it
}
