using System.Text.Json;
using MicroFlask.Http;

namespace MicroFlask.Testing;

/// <summary>What the <see cref="TestClient"/> got back: status, headers, body and the cookies the app set.</summary>
public sealed class TestResponse
{
    private readonly byte[]? _streamed;

    internal TestResponse(Response response, byte[]? streamed = null)
    {
        Response = response;
        _streamed = streamed;
        Cookies = response.Headers.GetAll("Set-Cookie").Select(h => SetCookie.Parse(h!)).ToArray();
    }

    /// <summary>Reads a streamed body (a large file) into memory, as a browser would receive it.</summary>
    internal static async Task<TestResponse> ReadAsync(Response response)
    {
        if (response.StreamBody is not { } stream) return new TestResponse(response);
        using var buffer = new MemoryStream();
        await stream(buffer, CancellationToken.None);
        return new TestResponse(response, buffer.ToArray());
    }

    /// <summary>The app's response object.</summary>
    public Response Response { get; }

    /// <summary>The status code.</summary>
    public int StatusCode => Response.StatusCode;

    /// <summary>The status line, e.g. "404 NOT FOUND".</summary>
    public string Status => Response.Status;

    /// <summary>The response headers.</summary>
    public Headers Headers => Response.Headers;

    /// <summary>The body as bytes.</summary>
    public byte[] Data => _streamed ?? Response.Body.ToArray();

    /// <summary>The body as UTF-8 text.</summary>
    public string Text => _streamed is null ? Response.GetText() : System.Text.Encoding.UTF8.GetString(_streamed);

    /// <summary>The Location header.</summary>
    public string? Location => Response.Location;

    /// <summary>Every Set-Cookie of the response, parsed.</summary>
    public IReadOnlyList<SetCookie> Cookies { get; }

    /// <summary>The Set-Cookie for <paramref name="name"/>, or null.</summary>
    public SetCookie? GetCookie(string name) => Cookies.LastOrDefault(c => c.Name == name);

    /// <summary>The body parsed as JSON.</summary>
    public JsonElement Json => JsonDocument.Parse(Response.Body).RootElement.Clone();

    /// <summary>The body deserialized as <typeparamref name="T"/> (web defaults: camelCase).</summary>
    public T? GetJson<T>() => JsonSerializer.Deserialize<T>(Response.Body.Span, JsonSerializerOptions.Web);
}
