using MicroFlask.Sessions.MongoDb;

namespace MicroFlask.Sessions.Tests.MongoDb;

public sealed class MongoFieldNameTests
{
    [TestCase("user", "user")]
    [TestCase("a.b", "a%2Eb")]
    [TestCase("$where", "%24where")]
    [TestCase("100%", "100%25")]
    [TestCase("nul\0", "nul%00")]
    [TestCase("", "%")]
    public void Encode_Key_GivesASafeFieldName(string key, string expected) =>
        MongoFieldName.Encode(key).ShouldBe(expected);

    [TestCase("user")]
    [TestCase("a.b.c")]
    [TestCase("$set")]
    [TestCase("%2E")]
    [TestCase("%")]
    [TestCase("")]
    [TestCase("ünï.cødé$")]
    public void Decode_EncodedKey_GivesTheKeyBack(string key) =>
        MongoFieldName.Decode(MongoFieldName.Encode(key)).ShouldBe(key);
}
