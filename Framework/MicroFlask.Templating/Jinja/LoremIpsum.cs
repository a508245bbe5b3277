using System.Text;
using MicroFlask.Http;

namespace MicroFlask.Templating.Jinja;

/// <summary>
/// <c>lipsum(n=5, html=True, min=20, max=100)</c>: n paragraphs of 20 to 100 random lorem-ipsum words, with commas and
/// sentences as Jinja places them; as HTML, each paragraph in a <c>&lt;p&gt;</c> (Markup). Random, as Jinja's is, so
/// only its shape matches Jinja's.
/// </summary>
internal static class LoremIpsum
{
    private static readonly string[] Words =
        ("lorem ipsum dolor sit amet consectetur adipiscing elit sed do eiusmod tempor incididunt ut labore et dolore magna " +
         "aliqua enim ad minim veniam quis nostrud exercitation ullamco laboris nisi aliquip ex ea commodo consequat duis aute " +
         "irure in reprehenderit voluptate velit esse cillum fugiat nulla pariatur excepteur sint occaecat cupidatat non " +
         "proident sunt culpa qui officia deserunt mollit anim id est laborum").Split(' ');

    public static object Generate(TemplateArguments a)
    {
        var count = (int)Py.ToLong(a.Get(0, "n", 5L));
        var html = Py.Truthy(a.Get(1, "html", true));
        var min = (int)Py.ToLong(a.Get(2, "min", 20L));
        var max = (int)Py.ToLong(a.Get(3, "max", 100L));
        if (min >= max) throw new InvalidOperationException($"empty range in randrange({min}, {max})");
        var random = Random.Shared;
        var paragraphs = new List<string>(count);
        for (var p = 0; p < count; p++)
        {
            var words = new List<string>();
            var capitalize = true;
            int lastComma = 0, lastFullStop = 0;
            string? last = null;
            var length = random.Next(min, max);
            for (var i = 0; i < length; i++)
            {
                string word;
                do word = Words[random.Next(Words.Length)];
                while (word == last);
                last = word;
                if (capitalize)
                {
                    word = char.ToUpperInvariant(word[0]) + word[1..];
                    capitalize = false;
                }
                if (i - random.Next(3, 8) > lastComma)
                {
                    lastComma = i;
                    lastFullStop += 2;
                    word += ",";
                }
                if (i - random.Next(10, 20) > lastFullStop)
                {
                    lastComma = lastFullStop = i;
                    word += ".";
                    capitalize = true;
                }
                words.Add(word);
            }
            var text = string.Join(' ', words);
            if (text.EndsWith(',')) text = text[..^1] + ".";
            else if (!text.EndsWith('.')) text += ".";
            paragraphs.Add(text);
        }
        if (!html) return string.Join("\n\n", paragraphs);
        var b = new StringBuilder();
        foreach (var paragraph in paragraphs)
        {
            if (b.Length > 0) b.Append('\n');
            b.Append("<p>");
            Markup.AppendEscaped(b, paragraph);
            b.Append("</p>");
        }
        return new Markup(b.ToString());
    }
}
