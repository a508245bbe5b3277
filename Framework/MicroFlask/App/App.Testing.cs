using MicroFlask.Testing;

namespace MicroFlask;

public partial class App
{
    /// <summary>A client that sends requests to this app in-process, keeping cookies (Flask's <c>test_client</c>).</summary>
    public TestClient TestClient() => new(this);
}
