namespace MicroFlask.Docs.Tests;

/// <summary>How a doc sample is compiled, as the marker on its first line says.</summary>
public enum DocSampleKind
{
    /// <summary>No marker: a whole program (top-level statements), compiled as a console app.</summary>
    Program,

    /// <summary>"// fragment" or "// fragment with T name, ...": statements, in a method with <c>App app</c> (and those) in scope.</summary>
    Statements,

    /// <summary>"// fragment of a class": members (methods, fields), in a class.</summary>
    Members,

    /// <summary>"// not-compiled: reason": not compiled at all.</summary>
    NotCompiled,
}
