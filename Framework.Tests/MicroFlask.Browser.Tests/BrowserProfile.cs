using Microsoft.Playwright.TestAdapter;

namespace MicroFlask.Browser.Tests;

/// <summary>
/// A browser with a profile folder on disk that can be closed and opened again, as a user quits and restarts
/// the browser: cookies with an expiry are kept in the profile, session cookies are dropped. A fresh
/// incognito-like context cannot show that difference, since it starts with no cookies at all.
/// </summary>
internal sealed class BrowserProfile : IAsyncDisposable
{
    private readonly IPlaywright _playwright;
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "microflask-profile-" + Guid.NewGuid().ToString("N"));
    private IBrowserContext? _context;

    public BrowserProfile(IPlaywright playwright) => _playwright = playwright;

    /// <summary>Starts the browser on this profile (or restarts it) and returns a page.</summary>
    public async Task<IPage> OpenAsync()
    {
        await CloseAsync();
        // The same executable, headless mode and flags as the runsettings give PageTest.
        var launch = PlaywrightSettingsProvider.LaunchOptions;
        _context = await _playwright.Chromium.LaunchPersistentContextAsync(_folder, new BrowserTypeLaunchPersistentContextOptions
        {
            ExecutablePath = launch.ExecutablePath,
            Headless = launch.Headless,
            Args = launch.Args,
        });
        // A page of our own rather than the blank one the browser opens with, which may still be starting up.
        return await _context.NewPageAsync();
    }

    /// <summary>Quits the browser; a clean shutdown writes the cookie store to the profile.</summary>
    public async Task CloseAsync()
    {
        if (_context is null) return;
        await _context.CloseAsync();
        _context = null;
    }

    public async ValueTask DisposeAsync()
    {
        await CloseAsync();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Left in the temp folder; not worth failing a test for.
        }
    }
}
