using System.Collections;
using System.Runtime.CompilerServices;
using System.Text.Json;
using MicroFlask.Http;

namespace MicroFlask;

public partial class App
{
    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// Turns what a view returned into a <see cref="Response"/> (Flask's <c>make_response</c>): a Response as is,
    /// a string or bytes as an HTML body, an <see cref="HttpException"/> as its error page, a tuple
    /// (body, status), (body, headers) or (body, status, headers), and as JSON a dictionary, a list (any enumerable
    /// but a string), an anonymous object or a <see cref="JsonElement"/> / <see cref="System.Text.Json.Nodes.JsonNode"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">
    /// <paramref name="rv"/> is null or of another type (a bool, a number, a class of your own), as Flask's TypeError:
    /// send such a value with <see cref="Jsonify"/>.
    /// </exception>
    public Response MakeResponse(object? rv) => MakeResponseCore(rv, Context.RequestContext.Top?.Request.Endpoint);

    private Response MakeResponseCore(object? rv, string? endpoint)
    {
        int? status = null;
        IEnumerable? headers = null;
        if (rv is ITuple tuple && rv is not Response)
        {
            if (tuple.Length is < 2 or > 3)
                throw new InvalidOperationException("The view function did not return a valid response tuple. The tuple must have the form (body, status, headers), (body, status), or (body, headers).");
            rv = tuple[0];
            if (tuple.Length == 3)
            {
                status = ToStatus(tuple[1]);
                headers = tuple[2] as IEnumerable;
            }
            else if (tuple[1] is int or long or string)
            {
                status = ToStatus(tuple[1]);
            }
            else
            {
                headers = tuple[1] as IEnumerable;
            }
        }

        var response = rv switch
        {
            null => throw new InvalidOperationException(
                $"The view function for '{endpoint ?? "?"}' did not return a valid response. " +
                "The function either returned null or ended without a return statement."),
            Response r => r,
            string text => new Response(text),
            Markup markup => new Response(markup.Html),
            byte[] bytes => new Response(bytes, 200, Response.DefaultMimeType),
            ReadOnlyMemory<byte> memory => new Response(memory, 200, Response.DefaultMimeType),
            HttpException error => error.GetResponse(),
            _ when IsJsonBody(rv) => Jsonify(rv),
            _ => throw new InvalidOperationException(
                $"The view function for '{endpoint ?? "?"}' did not return a valid response. The return type must be a string, " +
                "a dictionary, a list, an anonymous object, a tuple with headers or status, or a Response, but it was a " +
                $"{FriendlyName(rv.GetType())}. To send it as JSON, return App.Jsonify(value)."),
        };

        if (status is not null) response.StatusCode = status.Value;
        if (headers is not null) ApplyHeaders(response, headers);
        return response;
    }

    // Flask sends dict and list as JSON and refuses anything else (a bool, a dataclass) with a TypeError. An anonymous
    // object is C#'s dict literal; a class of the app's own stays an error, so that returning the wrong thing is caught.
    private static bool IsJsonBody(object rv) =>
        rv is IDictionary or JsonElement or System.Text.Json.Nodes.JsonNode or JsonDocument
        || (rv is IEnumerable && rv is not string)
        || IsAnonymous(rv.GetType());

    private static bool IsAnonymous(Type type) =>
        type.IsSealed && !type.IsPublic && type.Name.StartsWith("<>f__AnonymousType", StringComparison.Ordinal)
        && type.IsDefined(typeof(CompilerGeneratedAttribute), inherit: false);

    private static string FriendlyName(Type type)
    {
        var keyword = Type.GetTypeCode(type) switch
        {
            TypeCode.Boolean => "bool",
            TypeCode.Int32 => "int",
            TypeCode.Int64 => "long",
            TypeCode.Double => "double",
            TypeCode.Decimal => "decimal",
            _ => null,
        };
        if (keyword is not null) return keyword;
        if (!type.IsGenericType) return type.Name;
        var name = type.Name[..type.Name.IndexOf('`', StringComparison.Ordinal)];
        return name + "<" + string.Join(", ", type.GetGenericArguments().Select(FriendlyName)) + ">";
    }

    /// <summary>A JSON response of <paramref name="value"/> (Flask's <c>jsonify</c>), compact, ending with a newline as Flask's does.</summary>
    public static Response Jsonify(object? value, int status = 200)
    {
        var json = JsonSerializer.SerializeToUtf8Bytes(value, value?.GetType() ?? typeof(object), JsonOptions);
        var body = new byte[json.Length + 1];
        json.CopyTo(body, 0);
        body[^1] = (byte)'\n';
        return new Response(body, status, "application/json");
    }

    private static int ToStatus(object? value) => value switch
    {
        int i => i,
        long l => (int)l,
        string s when int.TryParse(s.Split(' ')[0], out var parsed) => parsed,
        _ => throw new InvalidOperationException($"The response status must be a number, not '{value}'."),
    };

    private static void ApplyHeaders(Response response, IEnumerable headers)
    {
        foreach (var item in headers)
        {
            switch (item)
            {
                case KeyValuePair<string, string> pair:
                    response.Headers.Set(pair.Key, pair.Value);
                    break;
                case KeyValuePair<string, object?> pair:
                    response.Headers.Set(pair.Key, pair.Value?.ToString() ?? "");
                    break;
                case ITuple { Length: 2 } tuple:
                    response.Headers.Set(tuple[0]?.ToString() ?? "", tuple[1]?.ToString() ?? "");
                    break;
                default:
                    throw new InvalidOperationException("Response headers must be pairs of name and value.");
            }
        }
    }
}
