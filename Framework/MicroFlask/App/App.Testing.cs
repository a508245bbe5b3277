using MicroFlask.Testing;

namespace MicroFlask;

public partial class App
{
    /// <summary>A client that sends requests to this app in-process, keeping cookies (Flask's <c>test_client</c>).</summary>
    /// <exception cref="InvalidOperationException">A view has a parameter the app cannot supply (see <see cref="ConfigureServices"/>).</exception>
    public TestClient TestClient()
    {
        EnsureStarted();
        return new(this);
    }
}
