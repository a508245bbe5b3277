using Microsoft.Playwright.TestAdapter;

namespace MicroFlask.Browser.Tests;

/// <summary>
/// Checks once, before any browser test, that the chromium the runsettings name is installed. Without it the tests
/// are skipped with the reason on a developer's machine, and fail under CI (CI=true), where build.sh installs it.
/// </summary>
[SetUpFixture]
public sealed class ChromiumRequirement
{
    [OneTimeSetUp]
    public void RequireChromium()
    {
        var executable = PlaywrightSettingsProvider.LaunchOptions.ExecutablePath;
        if (executable is null || File.Exists(executable)) return;

        Prerequisite.Missing("chromium", $"no browser at {executable}", "Install Debian's chromium: ./build.sh test does, or apt-get install chromium.");
    }
}
