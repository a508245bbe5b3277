using System.Net;
using MicroFlask.Http;

namespace MicroFlask.Tests.Static;

/// <summary>Static files through Kestrel: what a browser gets for a streamed file and a revalidation.</summary>
[NonParallelizable]
public class StaticFileServerTests
{
    private StaticFolderFixture _files = null!;

    [SetUp]
    public void SetUp() => _files = new StaticFolderFixture();

    [TearDown]
    public void TearDown() => _files.Dispose();

    [Test]
    public async Task Server_LargeFile_ArrivesWholeWithItsLength()
    {
        var content = new byte[FileResponse.BufferLimit * 4 + 3];
        Random.Shared.NextBytes(content);
        File.WriteAllBytes(Path.Combine(_files.Static, "big.bin"), content);
        await using var server = await _files.CreateApp().StartAsync("127.0.0.1", 0);
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };

        using var response = await client.GetAsync("/static/big.bin");

        response.Content.Headers.ContentLength.ShouldBe(content.Length);
        (await response.Content.ReadAsByteArrayAsync()).ShouldBe(content);
    }

    [Test]
    public async Task Server_MatchingETag_Answers304WithoutBody()
    {
        await using var server = await _files.CreateApp().StartAsync("127.0.0.1", 0);
        using var client = new HttpClient { BaseAddress = new Uri(server.Url) };
        using var first = await client.GetAsync("/static/hello.txt");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/static/hello.txt");
        request.Headers.TryAddWithoutValidation("If-None-Match", first.Headers.ETag!.ToString());

        using var second = await client.SendAsync(request);

        second.StatusCode.ShouldBe(HttpStatusCode.NotModified);
        (await second.Content.ReadAsByteArrayAsync()).ShouldBeEmpty();
    }
}
