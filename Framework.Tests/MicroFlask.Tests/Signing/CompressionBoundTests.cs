using System.IO.Compression;
using System.Text;
using MicroFlask.Signing;

namespace MicroFlask.Tests.Signing;

public class CompressionBoundTests
{
    [TestCase("{\"counter\":2}")]
    [TestCase("{\"user_id\":42}")]
    [TestCase("{}")]
    public void CannotSave_ShortSessionWithoutRepeats_IsTrue(string json) =>
        CompressionBound.CannotSave(Encoding.ASCII.GetBytes(json)).ShouldBeTrue();

    [TestCase("{\"a\":\"xxxxxxxxxxxxxxxxxxxx\"}")]
    [TestCase("{\"a\":\"b\",\"c\":\"d\",\"e\":\"f\"}")]
    public void CannotSave_RepeatedSequence_LeavesItToZlib(string json) =>
        CompressionBound.CannotSave(Encoding.ASCII.GetBytes(json)).ShouldBeFalse();

    [Test]
    public void CannotSave_RandomShortPayloads_NeverWhenZlibSaves()
    {
        // Small alphabets make short inputs that zlib can shrink: the bound must never claim otherwise.
        var random = new Random(14);
        var wrong = new List<string>();
        var proven = 0;
        for (var i = 0; i < 20_000; i++)
        {
            var alphabet = random.Next(1, 40);
            var data = new byte[random.Next(0, 70)];
            for (var j = 0; j < data.Length; j++) data[j] = (byte)(' ' + random.Next(alphabet));
            if (!CompressionBound.CannotSave(data)) continue;
            proven++;
            if (Zlib(data) < data.Length - 1) wrong.Add(Encoding.ASCII.GetString(data));
        }

        wrong.ShouldBeEmpty();
        proven.ShouldBeGreaterThan(1_000);
    }

    private static int Zlib(byte[] data)
    {
        using var output = new MemoryStream();
        using (var zlib = new ZLibStream(output, CompressionLevel.Optimal, leaveOpen: true)) zlib.Write(data);
        return (int)output.Length;
    }
}
