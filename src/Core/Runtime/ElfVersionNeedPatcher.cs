using System.Buffers.Binary;
using System.Text;

namespace MusicDashboard.Core.Runtime;

/// <summary>
/// Marks a required symbol version of an ELF64 shared library as weak (VER_FLG_WEAK on its Vernaux entry in
/// <c>.gnu.version_r</c>). The dynamic loader then accepts a libstdc++ that lacks that version, as long as no symbol the
/// process actually binds needs it. Used for TorchSharp's <c>libLibTorchSharp.so</c>, built with GCC 13, whose only use
/// of <c>GLIBCXX_3.4.32</c> is the link-time marker <c>_ZSt21ios_base_library_initv</c> that nothing calls.
/// </summary>
public static class ElfVersionNeedPatcher
{
    private const uint ShtGnuVerneed = 0x6ffffffe;
    private const ushort VerFlgWeak = 0x2;

    public enum Outcome { Patched, AlreadyWeak, NotRequired }

    /// <summary>Returns the flags of the Vernaux entry named <paramref name="versionName"/>, or null when the file does not require it.</summary>
    public static ushort? ReadFlags(byte[] elf, string versionName)
    {
        var offset = FindVernaux(elf, versionName);
        return offset is null ? null : BinaryPrimitives.ReadUInt16LittleEndian(elf.AsSpan(offset.Value + 4));
    }

    /// <summary>Sets the weak flag in <paramref name="elf"/> (in memory). Idempotent.</summary>
    public static Outcome MarkWeak(byte[] elf, string versionName)
    {
        var offset = FindVernaux(elf, versionName);
        if (offset is null) return Outcome.NotRequired;
        var flagsSpan = elf.AsSpan(offset.Value + 4, 2);
        var flags = BinaryPrimitives.ReadUInt16LittleEndian(flagsSpan);
        if ((flags & VerFlgWeak) != 0) return Outcome.AlreadyWeak;
        BinaryPrimitives.WriteUInt16LittleEndian(flagsSpan, (ushort)(flags | VerFlgWeak));
        return Outcome.Patched;
    }

    /// <summary>Patches a file on disk by writing a patched copy beside it and renaming it over the original, so a process
    /// that already mapped the old file is not disturbed. Idempotent: an already weak entry leaves the file untouched.</summary>
    public static Outcome MarkWeakInFile(string path, string versionName)
    {
        var bytes = File.ReadAllBytes(path);
        var outcome = MarkWeak(bytes, versionName);
        if (outcome != Outcome.Patched) return outcome;
        var temp = path + ".patching-" + Environment.ProcessId;
        File.WriteAllBytes(temp, bytes);
        File.Move(temp, path, overwrite: true);
        return outcome;
    }

    /// <summary>Byte offset of the Vernaux entry for <paramref name="versionName"/>, or null.</summary>
    private static int? FindVernaux(byte[] elf, string versionName)
    {
        var span = elf.AsSpan();
        if (elf.Length < 64 || span[0] != 0x7f || span[1] != (byte)'E' || span[2] != (byte)'L' || span[3] != (byte)'F')
            throw new InvalidDataException("not an ELF file");
        if (span[4] != 2 || span[5] != 1)
            throw new InvalidDataException("only little-endian ELF64 is supported");

        var shoff = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(span[0x28..]));
        var shentsize = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3A..]);
        var shnum = BinaryPrimitives.ReadUInt16LittleEndian(span[0x3C..]);
        for (var i = 0; i < shnum; i++)
        {
            var sh = span.Slice(shoff + i * shentsize, shentsize);
            if (BinaryPrimitives.ReadUInt32LittleEndian(sh[4..]) != ShtGnuVerneed) continue;
            var secOffset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(sh[0x18..]));
            var link = BinaryPrimitives.ReadUInt32LittleEndian(sh[0x28..]);
            var verneedCount = BinaryPrimitives.ReadUInt32LittleEndian(sh[0x2C..]);
            var strSh = span.Slice(shoff + (int)link * shentsize, shentsize);
            var strOffset = checked((int)BinaryPrimitives.ReadUInt64LittleEndian(strSh[0x18..]));

            var vn = secOffset;
            for (var n = 0; n < verneedCount; n++)
            {
                var auxCount = BinaryPrimitives.ReadUInt16LittleEndian(span[(vn + 2)..]);
                var aux = vn + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(vn + 8)..]);
                for (var a = 0; a < auxCount; a++)
                {
                    var nameOffset = strOffset + (int)BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 8)..]);
                    if (ReadCString(span, nameOffset) == versionName) return aux;
                    var next = BinaryPrimitives.ReadUInt32LittleEndian(span[(aux + 12)..]);
                    if (next == 0) break;
                    aux += (int)next;
                }
                var nextVn = BinaryPrimitives.ReadUInt32LittleEndian(span[(vn + 12)..]);
                if (nextVn == 0) break;
                vn += (int)nextVn;
            }
        }
        return null;
    }

    private static string ReadCString(ReadOnlySpan<byte> span, int offset)
    {
        var end = span[offset..].IndexOf((byte)0);
        return Encoding.ASCII.GetString(span.Slice(offset, end < 0 ? span.Length - offset : end));
    }
}
