using MicroFlask.Http;
using MicroFlask.Routing;

namespace MicroFlask.Tests.Routing;

public class UuidConverterTests
{
    private const string Pattern = "/o/<uuid:id>";
    private static readonly Guid Id = Guid.Parse("0f8fad5b-d9cb-469f-a165-70867728950e");

    [TestCase("/o/0f8fad5b-d9cb-469f-a165-70867728950e")]
    [TestCase("/o/0F8FAD5B-D9CB-469F-A165-70867728950E")]
    public void Match_Uuid_ReturnsGuid(string path)
    {
        TestMaps.With(Pattern).OnlyArgument(path).ShouldBe(Id);
    }

    [TestCase("/o/0f8fad5b")]
    [TestCase("/o/0f8fad5bd9cb469fa16570867728950e")]
    [TestCase("/o/zf8fad5b-d9cb-469f-a165-70867728950e")]
    public void Match_NotUuid_Throws404(string path)
    {
        Should.Throw<HttpException>(() => TestMaps.With(Pattern).Match(path, "GET")).Code.ShouldBe(404);
    }

    [Test]
    public void Build_Guid_WritesLowerCaseDashed()
    {
        TestMaps.With(Pattern).Build(Pattern, TestMaps.Values(("id", Id))).ShouldBe("/o/0f8fad5b-d9cb-469f-a165-70867728950e");
    }

    [Test]
    public void Build_NotUuid_ThrowsBuildException()
    {
        Should.Throw<BuildException>(() => TestMaps.With(Pattern).Build(Pattern, TestMaps.Values(("id", "nope"))));
    }

    [Test]
    public void Build_ThenMatch_GivesTheSameGuid()
    {
        var map = TestMaps.With(Pattern);
        var id = Guid.NewGuid();

        map.OnlyArgument(map.Build(Pattern, TestMaps.Values(("id", id)))).ShouldBe(id);
    }
}
