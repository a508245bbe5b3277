using System.Diagnostics;
using System.Text;
using MicroFlask.Wsgi;

namespace MicroFlask.Hosting;

/// <summary>
/// The page an unhandled exception gets from the standalone server in debug mode, as Werkzeug's debugger shows it
/// (without its console, which would run code sent by whoever sees the page): the exception's type and message, then
/// the traceback in a <c>&lt;pre&gt;</c>, most recent call last, with each frame's method and, when the symbols are there,
/// its file, line and the source lines around it (when the file is on this machine); inner exceptions come first, as
/// Python prints a chained cause; then the request's method, path and headers. Everything shown is escaped.
/// </summary>
internal static class DebugErrorPage
{
    internal static Response Render(Exception error, Environ environ)
    {
        var html = new StringBuilder(4096);
        var name = error.GetType().FullName ?? error.GetType().Name;
        html.Append("<!doctype html>\n<html lang=en>\n<head>\n<title>").Append(Escape(name)).Append(" // MicroFlask Debugger</title>\n")
            .Append("<style>body{font-family:sans-serif;margin:2em}pre{background:#f4f4f4;padding:.5em}.frame{margin:.4em 0}.file{color:#555}</style>\n")
            .Append("</head>\n<body>\n<h1>").Append(Escape(name)).Append("</h1>\n")
            .Append("<p class=request>").Append(Escape(environ.RequestMethod)).Append(' ').Append(Escape(environ.ScriptName + environ.PathInfo)).Append("</p>\n");
        // Python prints the cause first and the exception it led to last; .NET nests the cause inside.
        var chain = new List<Exception>();
        for (var e = error; e is not null; e = e.InnerException) chain.Add(e);
        chain.Reverse();
        for (var i = 0; i < chain.Count; i++)
        {
            if (i > 0) html.Append("<p class=cause>The above exception was the direct cause of the following exception:</p>\n");
            AppendTraceback(html, chain[i]);
        }
        html.Append("<h2>Request</h2>\n<pre class=request>").Append(Escape(environ.RequestMethod)).Append(' ')
            .Append(Escape(environ.ScriptName + environ.PathInfo + (environ.QueryString.Length > 0 ? "?" + environ.QueryString : ""))).Append('\n');
        foreach (var (header, values) in environ.Headers.OrderBy(h => h.Key, StringComparer.OrdinalIgnoreCase))
            html.Append(Escape(header)).Append(": ").Append(Escape(values.ToString())).Append('\n');
        html.Append("</pre>\n");
        html.Append("<p class=footer>Shown because DEBUG is on. Never run with DEBUG on in production: this page shows your code to anyone.</p>\n")
            .Append("</body>\n</html>\n");
        return new Response(html.ToString(), 500);
    }

    private static void AppendTraceback(StringBuilder html, Exception error)
    {
        html.Append("<h2 class=traceback>Traceback <em>(most recent call last)</em></h2>\n<pre class=traceback>");
        var frames = new StackTrace(error, fNeedFileInfo: true).GetFrames();
        for (var i = frames.Length - 1; i >= 0; i--)
        {
            var frame = frames[i];
            var method = frame.GetMethod();
            var where = method is null ? "(unknown)" : (method.DeclaringType?.FullName is { } type ? type + "." : "") + method.Name;
            if (frame.GetFileName() is { } file)
            {
                html.Append("  File \"").Append(Escape(file)).Append("\", line ").Append(frame.GetFileLineNumber()).Append(", in ").Append(Escape(where)).Append('\n');
                AppendSource(html, file, frame.GetFileLineNumber());
            }
            else
            {
                html.Append("  in ").Append(Escape(where)).Append('\n');
            }
        }
        html.Append(Escape(error.GetType().FullName + ": " + error.Message)).Append("</pre>\n");
    }

    // The failing line and two on each side, as Werkzeug shows the code of a frame; nothing when the file is not here.
    private static void AppendSource(StringBuilder html, string file, int line)
    {
        if (line <= 0 || !File.Exists(file)) return;
        string[] lines;
        try
        {
            lines = File.ReadAllLines(file);
        }
        catch (IOException)
        {
            return;
        }
        for (var n = Math.Max(1, line - 2); n <= Math.Min(lines.Length, line + 2); n++)
            html.Append(n == line ? "  &gt; " : "    ").Append(n.ToString(System.Globalization.CultureInfo.InvariantCulture).PadLeft(4)).Append("  ").Append(Escape(lines[n - 1])).Append('\n');
    }

    private static string Escape(string? text) => Markup.Escape(text).ToString();
}
