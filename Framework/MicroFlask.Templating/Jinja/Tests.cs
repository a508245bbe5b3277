using MicroFlask.Http;

namespace MicroFlask.Templating.Jinja;

/// <summary>Jinja's built-in tests: <c>x is defined</c>, <c>x is none</c>, <c>n is divisibleby 3</c>, <c>x is in [..]</c>…</summary>
internal static class Tests
{
    public static void Register(IDictionary<string, TemplateTest> t)
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
        t["iterable"] = (v, _) => v is string or Markup or System.Collections.IEnumerable;
        t["sequence"] = (v, _) => v is string or Markup or System.Collections.ICollection;
        t["callable"] = (v, _) => v is ICallable or Delegate;
        t["escaped"] = (v, _) => v is Markup;
        t["even"] = (v, _) => Py.ToLong(v) % 2 == 0;
        t["odd"] = (v, _) => Py.ToLong(v) % 2 != 0;
        t["divisibleby"] = (v, a) => Py.ToLong(v) % Py.ToLong(a.Get(0, "num")) == 0;
        t["lower"] = (v, _) => Py.Str(v) is var s && s.Any(char.IsLetter) && !s.Any(char.IsUpper);
        t["upper"] = (v, _) => Py.Str(v) is var s && s.Any(char.IsLetter) && !s.Any(char.IsLower);
        t["sameas"] = (v, a) => a.Get(0, "other") is var other && (ReferenceEquals(v, other) || (v is bool or null && Equals(v, other)));
        t["in"] = (v, a) => Py.Contains(a.Get(0, "seq"), v);
        t["eq"] = t["=="] = t["equalto"] = (v, a) => Py.Equals(v, a.Get(0, "other"));
        t["ne"] = t["!="] = (v, a) => !Py.Equals(v, a.Get(0, "other"));
        t["lt"] = t["<"] = t["lessthan"] = (v, a) => Py.Compare(v, a.Get(0, "other")) < 0;
        t["le"] = t["<="] = (v, a) => Py.Compare(v, a.Get(0, "other")) <= 0;
        t["gt"] = t[">"] = t["greaterthan"] = (v, a) => Py.Compare(v, a.Get(0, "other")) > 0;
        t["ge"] = t[">="] = (v, a) => Py.Compare(v, a.Get(0, "other")) >= 0;
    }
}
