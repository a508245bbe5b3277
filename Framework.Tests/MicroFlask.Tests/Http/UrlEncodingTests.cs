using System.Text;
using MicroFlask.Http;
using MicroFlask.Testing;

namespace MicroFlask.Tests.Http;

// Every expected string comes from Werkzeug 3.1.8 (python3 -c "from werkzeug.urls import _urlencode; ..."):
// a path part is quote(s, safe="!$&'()*+,/:;=@") (routing's to_url and static parts), a query value is
// _urlencode (safe "!$'()*,/:;?@", spaces as '+'), a query or form is read with parse_qsl(errors="werkzeug.url_quote").
public class UrlEncodingTests
{
    [TestCase("a b", "a%20b")]
    [TestCase("!'()*", "!'()*")]
    [TestCase("$&+,;=:@", "$&+,;=:@")]
    [TestCase("a/?#%", "a/%3F%23%25")]
    [TestCase("~-._", "~-._")]
    [TestCase("é😀", "%C3%A9%F0%9F%98%80")]
    [TestCase("[]{}|\\^`\"<>", "%5B%5D%7B%7D%7C%5C%5E%60%22%3C%3E")]
    public void QuotePath_IsWerkzeugsPathQuoting(string text, string expected) =>
        UrlEncoding.QuotePath(text).ShouldBe(expected);

    [TestCase("a/b", "a%2Fb")]
    [TestCase("!'()*$&+,;=:@", "!'()*$&+,;=:@")]
    public void QuotePathSegment_IsPathQuotingWithSlashEncoded(string text, string expected) =>
        UrlEncoding.QuotePathSegment(text).ShouldBe(expected);

    [TestCase("a b", "a+b")]
    [TestCase("!'()*", "!'()*")]
    [TestCase("$&+,;=:@", "$%26%2B,;%3D:@")]
    [TestCase("/?#%", "/?%23%25")]
    [TestCase("é😀", "%C3%A9%F0%9F%98%80")]
    [TestCase("[]{}|\\^`\"<>", "%5B%5D%7B%7D%7C%5C%5E%60%22%3C%3E")]
    public void QuoteQuery_IsWerkzeugsUrlencode(string text, string expected) =>
        UrlEncoding.QuoteQuery(text).ShouldBe(expected);

    [Test]
    public void TestClientForm_IsTheBodyWerkzeugsTestClientSends()
    {
        var builder = new EnvironBuilder("POST", "/") { Form = [new("k", "a b!'()*+&=/?:;@$,~#%é")] };

        using var body = new StreamReader(builder.Build().Input, Encoding.ASCII);

        body.ReadToEnd().ShouldBe("k=a+b!'()*%2B%26%3D/?:;@$,~%23%25%C3%A9");
    }

    [TestCase("a=1&a=2&b", "a=1|a=2|b=")]
    [TestCase("x+y=%2B%26", "x y=+&")]
    [TestCase("k=%FF%C3%A9", "k=%FFé")]
    [TestCase("k=%E2%82", "k=%E2%82")]
    [TestCase("&&k=v&", "k=v")]
    [TestCase("k=a=b", "k=a=b")]
    public void ParseQuery_ReadsAsParseQsl(string query, string expected) =>
        string.Join("|", UrlEncoding.ParseQuery(query).AllItems().Select(p => p.Key + "=" + p.Value)).ShouldBe(expected);

    [TestCase("/a%20b", "/a b")]
    [TestCase("/a+b", "/a+b")]
    [TestCase("/%FF", "/\uFFFD")]
    [TestCase("/%2F", "//")]
    [TestCase("/%C3%A9", "/é")]
    public void TryDecodePath_DecodesAsWerkzeugsServer(string raw, string expected)
    {
        UrlEncoding.TryDecodePath(raw, out var path).ShouldBeTrue();

        path.ShouldBe(expected);
    }

    [TestCase("/%zz")]
    [TestCase("/%E")]
    public void TryDecodePath_MalformedEscape_IsFalse(string raw) =>
        UrlEncoding.TryDecodePath(raw, out _).ShouldBeFalse();
}
