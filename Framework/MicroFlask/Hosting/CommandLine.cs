using System.Globalization;

namespace MicroFlask.Hosting;

/// <summary>Reads the listening address from command-line arguments: <c>--urls</c>, <c>--host</c>, <c>--port</c>.</summary>
public static class ServerArguments
{
    /// <summary>The host and port in <paramref name="args"/>; 127.0.0.1 and 5000 when absent.</summary>
    public static (string Host, int Port) Parse(IReadOnlyList<string> args)
    {
        var host = "127.0.0.1";
        var port = 5000;
        for (var i = 0; i < args.Count; i++)
        {
            var (name, value) = Split(args, ref i);
            switch (name)
            {
                case "--urls":
                    var uri = new Uri(value!.Split(';')[0].Replace("*", "0.0.0.0").Replace("+", "0.0.0.0"));
                    host = uri.Host.Trim('[', ']');
                    port = uri.Port;
                    break;
                case "--host":
                    host = value!;
                    break;
                case "--port":
                    port = int.Parse(value!, CultureInfo.InvariantCulture);
                    break;
            }
        }
        return (host, port);
    }

    private static (string Name, string? Value) Split(IReadOnlyList<string> args, ref int i)
    {
        var arg = args[i];
        var equals = arg.IndexOf('=');
        if (equals > 0) return (arg[..equals], arg[(equals + 1)..]);
        if (arg is "--urls" or "--host" or "--port")
        {
            if (i + 1 >= args.Count) throw new ArgumentException($"{arg} needs a value.");
            return (arg, args[++i]);
        }
        return (arg, null);
    }
}
