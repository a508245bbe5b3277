using System.Reflection;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;

namespace MicroFlask.Docs.Tests;

/// <summary>
/// Compiles a doc sample as a reader would build it: in an SDK console project (its implicit usings, nullable on),
/// against the .NET and ASP.NET Core reference assemblies and MicroFlask's own, with the usings the sample shows.
/// </summary>
public static partial class DocSampleCompiler
{
    // The implicit usings of a Microsoft.NET.Sdk project (what `dotnet new console` gives).
    private static readonly string[] ImplicitUsings =
        ["System", "System.Collections.Generic", "System.IO", "System.Linq", "System.Net.Http", "System.Threading", "System.Threading.Tasks"];

    private static readonly CSharpParseOptions ParseOptions = new(LanguageVersion.Latest);

    private static readonly Lazy<IReadOnlyList<MetadataReference>> References = new(FindReferences);

    /// <summary>The errors the compiler reports for <paramref name="sample"/>, placed at their lines of the Markdown file.</summary>
    public static IReadOnlyList<Diagnostic> Compile(DocSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var globalUsings = CSharpSyntaxTree.ParseText(
            string.Concat(ImplicitUsings.Select(name => $"global using global::{name};\n")), ParseOptions, "GlobalUsings.g.cs");
        var source = CSharpSyntaxTree.ParseText(Wrap(sample), ParseOptions, sample.File, Encoding.UTF8);
        var kind = sample.Kind == DocSampleKind.Program ? OutputKind.ConsoleApplication : OutputKind.DynamicallyLinkedLibrary;
        var compilation = CSharpCompilation.Create(
            "DocSample", [globalUsings, source], References.Value,
            new CSharpCompilationOptions(kind, nullableContextOptions: NullableContextOptions.Enable));
        return [.. compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error)];
    }

    /// <summary>
    /// The source the compiler sees: a program as it is; a fragment's usings moved to the top (their lines left
    /// blank) and the rest wrapped in a method or a class. #line keeps every line at its place in the Markdown file.
    /// </summary>
    public static string Wrap(DocSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        var lines = sample.Code.Split('\n');
        var at = $"#line {sample.Line + 1} \"{sample.File}\"\n";
        if (sample.Kind == DocSampleKind.Program) return at + sample.Code + "\n";

        var usings = new StringBuilder();
        for (var i = 0; i < lines.Length; i++)
        {
            if (!UsingDirective().IsMatch(lines[i])) continue;
            usings.Append($"#line {sample.Line + 1 + i} \"{sample.File}\"\n").Append(lines[i]).Append('\n');
            lines[i] = "";
        }

        var body = at + string.Join('\n', lines) + "\n#line default\n";
        if (sample.Kind == DocSampleKind.Members)
        {
            return $"{usings}public class DocSampleClass\n{{\n{body}}}\n";
        }

        var variables = sample.Variables.Length == 0 ? "" : ", " + sample.Variables;
        return $"{usings}public static class DocSampleFragment\n{{\n" +
               $"    public static async Task Run(global::MicroFlask.App app{variables})\n    {{\n{body}    }}\n}}\n";
    }

    [GeneratedRegex(@"^\s*using\s+(static\s+)?[A-Za-z_][\w.]*(\s*=\s*[\w.<>, ]+)?\s*;\s*(//.*)?$")]
    private static partial Regex UsingDirective();

    private static List<MetadataReference> FindReferences()
    {
        // The reference packs of the SDK that runs this test: <dotnet root>/packs/<name>.Ref/<version>/ref/net<major.minor>/.
        var runtime = RuntimeEnvironment.GetRuntimeDirectory();
        var root = Environment.GetEnvironmentVariable("DOTNET_ROOT") is { Length: > 0 } dotnetRoot && Directory.Exists(Path.Combine(dotnetRoot, "packs"))
            ? dotnetRoot
            : Path.GetFullPath(Path.Combine(runtime, "..", "..", ".."));
        var version = Environment.Version;
        var packs = new[] { "Microsoft.NETCore.App.Ref", "Microsoft.AspNetCore.App.Ref" }
            .Select(pack => ReferencePack(root, pack, version))
            .ToList();
        var packNames = packs.SelectMany(Directory.GetFiles).Select(Path.GetFileName).ToHashSet(StringComparer.OrdinalIgnoreCase);

        var paths = packs.SelectMany(folder => Directory.GetFiles(folder, "*.dll"))
            // MicroFlask's assemblies and their packages' (StackExchange.Redis, MongoDB, Npgsql...), copied next to this test.
            .Concat(Directory.GetFiles(AppContext.BaseDirectory, "*.dll").Where(path => !packNames.Contains(Path.GetFileName(path)) && IsAssembly(path)));
        return [.. paths.Select(path => MetadataReference.CreateFromFile(path))];
    }

    private static string ReferencePack(string root, string pack, Version version)
    {
        var folder = Path.Combine(root, "packs", pack);
        var tfm = $"net{version.Major}.{version.Minor}";
        var found = Directory.Exists(folder)
            ? Directory.GetDirectories(folder)
                .Where(dir => Path.GetFileName(dir).StartsWith($"{version.Major}.{version.Minor}.", StringComparison.Ordinal))
                .Select(dir => Path.Combine(dir, "ref", tfm))
                .Where(Directory.Exists)
                .OrderByDescending(dir => Version.TryParse(Path.GetFileName(Path.GetDirectoryName(Path.GetDirectoryName(dir))), out var v) ? v : new Version())
                .FirstOrDefault()
            : null;
        return found ?? throw new DirectoryNotFoundException(
            $"No {pack} for {tfm} under {folder}: the doc samples compile against the SDK's reference packs; install the .NET {version.Major}.{version.Minor} SDK or set DOTNET_ROOT to it.");
    }

    private static bool IsAssembly(string path)
    {
        try
        {
            AssemblyName.GetAssemblyName(path);
            return true;
        }
        catch (BadImageFormatException)
        {
            return false;
        }
    }
}
