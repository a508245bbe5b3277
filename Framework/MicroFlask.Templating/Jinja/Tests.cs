using MicroFlask.Http;

namespace MicroFlask.Templating.Jinja;

/// <summary>Jinja's built-in tests: <c>x is defined</c>, <c>x is none</c>, <c>n is divisibleby 3</c>, <c>x is in [..]</c>…</summary>
internal static class Tests
{
    public static void Register(IDictionary<string, TemplateTest> t, TemplateEngine engine)
    {
        t["defined"] = (v, _) => v is not Undefined;
        t["undefined"] = (v, _) => v is Undefined;
        t["none"] = (v, _) => v is null;
        t["true"] = (v, _) => v is true;
        t["false"] = (v, _) => v is false;
        t["boolean"] = (v, _) => v is bool;
        t["number"] = (v, _) => Py.IsNumber(v);
        t["integer"] = (v, _) => Py.IsInteger(v) && v is not bool;
        t["float"] = (v, _) => v is double or float;
        t["string"] = (v, _) => v is string or Markup;
        t["mapping"] = (v, _) => v is not null && PyAccess.IsMapping(v);
        // Jinja's undefined is iterable, a sequence and callable (calling it fails), as these tests report.
        t["iterable"] = (v, _) => v is string or Markup or Undefined or System.Collections.IEnumerable;
        t["sequence"] = (v, _) => v is string or Markup or Undefined or System.Collections.ICollection or PyTuple;
        t["callable"] = (v, _) => v is ICallable or Delegate or Undefined;
        t["escaped"] = (v, _) => v is Markup;
        t["even"] = (v, _) => Py.Equals(Py.Arithmetic("%", v, 2L), 0L);
        t["odd"] = (v, _) => Py.Equals(Py.Arithmetic("%", v, 2L), 1L);
        t["divisibleby"] = (v, a) => Py.Equals(Py.Arithmetic("%", v, a.Get(0, "num")), 0L);
        t["lower"] = (v, _) => IsCased(Py.Str(v), upper: false);
        t["upper"] = (v, _) => IsCased(Py.Str(v), upper: true);
        t["sameas"] = (v, a) => SameAs(v, a.Get(0, "other"));
        t["in"] = (v, a) => Py.Contains(a.Get(0, "seq"), v);
        t["filter"] = (v, _) => v is string name && engine.Filters.ContainsKey(name);
        t["test"] = (v, _) => v is string name && engine.Tests.ContainsKey(name);
        t["eq"] = t["=="] = t["equalto"] = (v, a) => Py.Equals(v, a.Get(0, "other"));
        t["ne"] = t["!="] = (v, a) => !Py.Equals(v, a.Get(0, "other"));
        t["lt"] = t["<"] = t["lessthan"] = (v, a) => Py.Compare(v, a.Get(0, "other")) < 0;
        t["le"] = t["<="] = (v, a) => Py.Compare(v, a.Get(0, "other")) <= 0;
        t["gt"] = t[">"] = t["greaterthan"] = (v, a) => Py.Compare(v, a.Get(0, "other")) > 0;
        t["ge"] = t[">="] = (v, a) => Py.Compare(v, a.Get(0, "other")) >= 0;
    }

    /// <summary>Python's <c>str.islower()</c> / <c>isupper()</c>: some cased letter, and none of the other case (or title case).</summary>
    private static bool IsCased(string s, bool upper)
    {
        var cased = false;
        foreach (var c in s)
        {
            var category = char.GetUnicodeCategory(c);
            if (category == System.Globalization.UnicodeCategory.TitlecaseLetter) return false;
            if (char.IsUpper(c) != upper && (char.IsUpper(c) || char.IsLower(c))) return false;
            cased |= char.IsUpper(c) || char.IsLower(c);
        }
        return cased;
    }

    /// <summary>Python's <c>is</c>: the same object; <c>none</c>, booleans and (as CPython caches them) equal ints of one type count as the same.</summary>
    private static bool SameAs(object? value, object? other) =>
        ReferenceEquals(value, other) || (value is null or bool or long or int && other?.GetType() == value?.GetType() && Equals(value, other));
}
