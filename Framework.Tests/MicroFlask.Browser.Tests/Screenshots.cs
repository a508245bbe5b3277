namespace MicroFlask.Browser.Tests;

/// <summary>Saves what the browser showed into the test's output, so a failure can be looked at afterwards.</summary>
internal static class Screenshots
{
    /// <summary>Takes a full-page screenshot of <paramref name="page"/> and attaches it to the current test.</summary>
    public static async Task AttachAsync(IPage page, string name)
    {
        var folder = Path.Combine(TestContext.CurrentContext.WorkDirectory, "screenshots");
        Directory.CreateDirectory(folder);
        var path = Path.Combine(folder, $"{TestContext.CurrentContext.Test.Name}-{name}.png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        TestContext.AddTestAttachment(path, name);
    }
}
