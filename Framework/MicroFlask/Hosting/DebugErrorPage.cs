using System.Diagnostics;
using System.Text;
using MicroFlask.Wsgi;

namespace MicroFlask.Hosting;

/// <summary>
/// The page an unhandled exception gets from the standalone server in debug mode, as Werkzeug's debugger shows it
/// (without its console, which would run code sent by whoever sees the page): the exception's type and message, then
/// the traceback, most recent call last, with each frame's method and, when the symbols are there, its file and line;
/// inner exceptions follow as Python prints a chained cause. Everything from the exception is escaped.
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
        html.Append("<p class=footer>Shown because DEBUG is on. Never run with DEBUG on in production: this page shows your code to anyone.</p>\n")
            .Append("</body>\n</html>\n");
        return new Response(html.ToString(), 500);
    }

    private static void AppendTraceback(StringBuilder html, Exception error)
    {
        html.Append("<h2 class=traceback>Traceback <em>(most recent call last)</em></h2>\n<div class=traceback>\n");
        var frames = new StackTrace(error, fNeedFileInfo: true).GetFrames();
        for (var i = frames.Length - 1; i >= 0; i--)
        {
            var frame = frames[i];
            var method = frame.GetMethod();
            var where = method is null ? "(unknown)" : (method.DeclaringType?.FullName is { } type ? type + "." : "") + method.Name;
            html.Append("<div class=frame><code>").Append(Escape(where)).Append("</code>");
            if (frame.GetFileName() is { } file)
                html.Append(" <span class=file>in ").Append(Escape(file)).Append(", line ").Append(frame.GetFileLineNumber()).Append("</span>");
            html.Append("</div>\n");
        }
        html.Append("</div>\n<pre class=errormsg>").Append(Escape(error.GetType().FullName + ": " + error.Message)).Append("</pre>\n");
    }

    private static string Escape(string? text) => Markup.Escape(text).ToString();
}
