namespace LeNet.Browser.Tests.Infrastructure;

/// <summary>Debian's Chromium and its driver, which the browser tests drive; nothing downloads a browser of its own.</summary>
internal static class Chromium
{
    public const string Browser = "/usr/bin/chromium";
    public const string Driver = "/usr/bin/chromedriver";
    public const string InstallCommand = "apt-get update && apt-get install -y chromium chromium-driver";

    /// <summary>Set to 1 (as .ci/run does) to make the browser tests fail instead of skipping when Chromium is missing.</summary>
    public const string RequireVariable = "LENET_REQUIRE_BROWSER";

    /// <summary>Why the browser tests cannot run here, or null when they can.</summary>
    public static string? MissingReason =>
        File.Exists(Browser) && File.Exists(Driver)
            ? null
            : $"Chromium or its driver is missing ({Browser}, {Driver}); install them with: {InstallCommand}";

    public static bool Required => Environment.GetEnvironmentVariable(RequireVariable) == "1";
}

/// <summary>A test that needs Chromium: skipped, with the install command, where it is missing, unless <see cref="Chromium.RequireVariable"/> is 1.</summary>
[AttributeUsage(AttributeTargets.Method)]
internal sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium.MissingReason is { } reason && !Chromium.Required)
        {
            Skip = reason;
        }
    }
}
