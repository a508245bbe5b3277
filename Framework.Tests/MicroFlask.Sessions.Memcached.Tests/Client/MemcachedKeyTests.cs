using System.Text;

namespace MicroFlask.Sessions.Memcached.Tests.Client;

public class MemcachedKeyTests
{
    [TestCase("session:abc")]
    [TestCase("a")]
    [TestCase("clé-ünïcode")]
    public void Encode_ValidKey_ReturnsUtf8Bytes(string key) =>
        MemcachedKey.Encode(key).ShouldBe(Encoding.UTF8.GetBytes(key));

    [Test]
    public void Encode_250Bytes_IsAccepted() =>
        MemcachedKey.Encode(new string('k', 250)).Length.ShouldBe(250);

    [TestCase("")]
    [TestCase("with space")]
    [TestCase("inject\r\nflush_all")]
    [TestCase("tab\there")]
    [TestCase("nul\0")]
    [TestCase("del\u007f")]
    public void Encode_ForbiddenCharacters_ThrowsArgumentException(string key) =>
        Should.Throw<ArgumentException>(() => MemcachedKey.Encode(key)).ParamName.ShouldBe("key");

    [Test]
    public void Encode_251Bytes_ThrowsArgumentException() =>
        Should.Throw<ArgumentException>(() => MemcachedKey.Encode(new string('k', 251)));

    [Test]
    public void Encode_126TwoByteCharacters_CountsBytesNotCharacters() =>
        Should.Throw<ArgumentException>(() => MemcachedKey.Encode(new string('é', 126)));
}
