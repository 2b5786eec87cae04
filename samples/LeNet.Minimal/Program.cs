using LeNet.Generated.Optimizers;
using LeNet.Minimal;

// Build a LeNet-5, show its shapes, and fit one batch of noise images to arbitrary labels:
// the generated backward pass and SGD step drive the loss down until it memorises them.
var network = new LeNet5(seed: 1);
Console.WriteLine(LeNet5.Summary);
Console.WriteLine();

const int batch = 8;
var images = new float[batch * LeNet5.InputLength];
var labels = new int[batch];
var random = new Random(1);
for (int i = 0; i < images.Length; i++)
{
    images[i] = random.NextSingle() - 0.5f;
}

for (int i = 0; i < batch; i++)
{
    labels[i] = i % LeNet5.OutputLength;
}

var sgd = new Sgd<float>(LeNet5.ParameterCount, learningRate: 0.05f, momentum: 0.9f);
for (int step = 1; step <= 60; step++)
{
    float loss = network.TrainStep(images, labels, sgd);
    if (step == 1 || step % 10 == 0)
    {
        Console.WriteLine($"step {step,2}: loss {loss:F4}");
    }
}

var predictions = new int[batch];
network.Predict(images, predictions);
Console.WriteLine($"predictions: {string.Join(' ', predictions)} (labels: {string.Join(' ', labels)})");
