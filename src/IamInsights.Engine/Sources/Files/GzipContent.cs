using System;
using System.Buffers;
using System.IO;
using System.IO.Compression;
using System.Runtime.InteropServices;

namespace IamInsights.Sources.Files;

/// <summary>
/// The content of gzip data, decompressed member by member. Each member's trailer (CRC-32 and length) is checked,
/// because DeflateStream ends quietly when its input ends early. Damage stops the decompression: what was inflated
/// before it is kept, and <see cref="Damage"/> says what went wrong.
/// A file of one whole member, the shape CloudTrail writes, is first inflated in one pass by the runtime's gzip decoder
/// straight into an array of the size its trailer gives; that decoder (zlib on .NET Core and .NET 5+) checks the CRC-32
/// and length itself. Any other shape, and any fault, is read again member by member to say what is wrong.
/// </summary>
internal sealed class GzipContent
{
    private GzipContent(byte[] data, string? damage, int trailingBytes, int length = -1, bool rented = false)
    {
        Data = data;
        Length = length < 0 ? data.Length : length;
        Rented = rented;
        Damage = damage;
        TrailingBytes = trailingBytes;
    }

    /// <summary>
    /// The decompressed bytes of every whole member, and of a damaged member as far as it could be inflated, in
    /// Data[0..<see cref="Length"/>).
    /// </summary>
    public byte[] Data { get; }

    public int Length { get; }

    /// <summary>Whether <see cref="Data"/> was rented from <see cref="ArrayPool{T}.Shared"/>, to be returned there once nothing refers to it.</summary>
    public bool Rented { get; }

    /// <summary>Why the data is incomplete or wrong (a cut, a CRC mismatch, corrupt deflate data), or null.</summary>
    public string? Damage { get; }

    /// <summary>How many bytes follow the last member without starting another.</summary>
    public int TrailingBytes { get; }

    public static bool HasMagic(byte[] data, int position) =>
        position + 1 < data.Length && data[position] == 0x1f && data[position + 1] == 0x8b;

    /// <summary>
    /// Whether the runtime's GZipStream checks each member's CRC-32 and length (zlib's inflate does, on .NET Core and
    /// .NET 5+). .NET Framework's is not relied on, so Windows PowerShell 5.1 always reads member by member.
    /// </summary>
    public static readonly bool RuntimeChecksTrailers =
        !RuntimeInformation.FrameworkDescription.StartsWith(".NET Framework", StringComparison.Ordinal);

    /// <summary>The largest ratio of inflated to deflated size that deflate can reach.</summary>
    private const long MaxDeflateRatio = 1032;

    /// <summary>
    /// Decompresses gzip data; with <paramref name="wholeFileFirst"/> (and a runtime that checks trailers), a single
    /// whole member is inflated in one pass into an array of its size; otherwise, or when that fails, member by member.
    /// Both give the same data and the same damage.
    /// </summary>
    public static GzipContent Decompress(byte[] compressed, bool wholeFileFirst = true) => Decompress(compressed, compressed.Length, wholeFileFirst);

    /// <summary>As <see cref="Decompress(byte[], bool)"/>, over compressed[0..<paramref name="length"/>).</summary>
    public static GzipContent Decompress(byte[] compressed, int length, bool wholeFileFirst) =>
        (wholeFileFirst && RuntimeChecksTrailers ? DecompressSingleMember(compressed, length) : null)
        ?? DecompressMembers(length == compressed.Length ? compressed : new ReadOnlySpan<byte>(compressed, 0, length).ToArray());

    /// <summary>
    /// The content of data that is exactly one whole, undamaged member, or null for anything else: several members,
    /// bytes after the member, a cut, a CRC-32 or length that does not match, corrupt deflate data. The member's
    /// length is read from the last four bytes; the decoder must give exactly that many bytes and then end, having
    /// checked the trailer.
    /// </summary>
    private static GzipContent? DecompressSingleMember(byte[] compressed, int compressedLength)
    {
        if (compressedLength < 18 || HeaderEnd(compressed, compressedLength, 0) < 0) return null;
        uint size = ReadUInt32(compressed, compressedLength - 4);
        if (size == 0 || size > int.MaxValue - 64 || size > compressedLength * MaxDeflateRatio) return null;
        int length = (int)size;
        var data = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            using var gzip = new GZipStream(new MemoryStream(compressed, 0, compressedLength, writable: false), CompressionMode.Decompress);
            int total = 0, read;
            while (total < length && (read = gzip.Read(data, total, length - total)) > 0) total += read;
            // Reading past the end makes the decoder check the trailer; a byte more means the data holds more than the member.
            if (total != length || gzip.ReadByte() != -1)
            {
                ArrayPool<byte>.Shared.Return(data);
                return null;
            }
        }
        catch (InvalidDataException)
        {
            ArrayPool<byte>.Shared.Return(data);
            return null;
        }
        return new GzipContent(data, null, 0, length, rented: true);
    }

    private static GzipContent DecompressMembers(byte[] compressed)
    {
        using var output = new MemoryStream((int)Math.Min(compressed.Length * 8L, 64L << 20));
        var buffer = new byte[81920];
        int position = 0;
        for (int member = 1; ; member++)
        {
            int deflateStart = HeaderEnd(compressed, compressed.Length, position);
            if (deflateStart < 0) return new GzipContent(output.ToArray(), $"member {member} has a cut or damaged header; the members before it were read", 0);

            var input = new TrackingStream(compressed, deflateStart);
            uint crc = 0, size = 0;
            try
            {
                using var inflate = new DeflateStream(input, CompressionMode.Decompress);
                int read;
                while ((read = inflate.Read(buffer, 0, buffer.Length)) > 0)
                {
                    crc = Crc32.Append(crc, buffer, 0, read);
                    size += (uint)read;
                    output.Write(buffer, 0, read);
                }
            }
            catch (InvalidDataException e)
            {
                return new GzipContent(output.ToArray(), $"member {member} holds corrupt compressed data ({e.Message}); the records before the damage were read", 0);
            }

            int trailer = FindTrailer(compressed, Math.Max(deflateStart, input.LastReadStart - 8), input.LastReadEnd, crc, size);
            if (trailer < 0)
            {
                return new GzipContent(output.ToArray(), EndsWithLength(compressed, deflateStart, size)
                    ? $"member {member} fails its CRC-32 check, so the records read from it may be damaged"
                    : $"member {member} is cut short; the records before the cut were read", 0);
            }
            position = trailer + 8;
            if (position == compressed.Length) return new GzipContent(output.ToArray(), null, 0);
            if (!HasMagic(compressed, position)) return new GzipContent(output.ToArray(), null, compressed.Length - position);
        }
    }

    /// <summary>Where the deflate data of the member whose header starts at <paramref name="start"/> begins; -1 if the header is cut or invalid.</summary>
    private static int HeaderEnd(byte[] data, int length, int start)
    {
        const int Text = 1, HeaderCrc = 2, Extra = 4, Name = 8, Comment = 16;
        if (start + 10 > length || !HasMagic(data, start) || data[start + 2] != 8) return -1;
        int flags = data[start + 3];
        if ((flags & ~(Text | HeaderCrc | Extra | Name | Comment)) != 0) return -1;
        int position = start + 10;
        if ((flags & Extra) != 0)
        {
            if (position + 2 > length) return -1;
            position += 2 + (data[position] | data[position + 1] << 8);
        }
        if ((flags & Name) != 0) position = AfterZero(data, length, position);
        if ((flags & Comment) != 0) position = AfterZero(data, length, position);
        if ((flags & HeaderCrc) != 0) position += 2;
        return position < 0 || position > length ? -1 : position;
    }

    private static int AfterZero(byte[] data, int length, int position)
    {
        if (position < 0 || position >= length) return -1;
        int zero = Array.IndexOf(data, (byte)0, position, length - position);
        return zero < 0 ? -1 : zero + 1;
    }

    /// <summary>
    /// The offset of the 8-byte trailer (CRC-32, then length, little-endian) that matches the inflated data, looked for
    /// between <paramref name="from"/> and <paramref name="to"/>: the deflate data ends inside the last block read.
    /// </summary>
    private static int FindTrailer(byte[] data, int from, int to, uint crc, uint size)
    {
        for (int p = from; p <= to && p + 8 <= data.Length; p++)
        {
            if (ReadUInt32(data, p) == crc && ReadUInt32(data, p + 4) == size) return p;
        }
        return -1;
    }

    /// <summary>Whether the member's last four bytes before the end of the data (or another member) hold its length.</summary>
    private static bool EndsWithLength(byte[] data, int from, uint size)
    {
        for (int p = from + 4; p + 4 <= data.Length; p++)
        {
            if (ReadUInt32(data, p) == size && (p + 4 == data.Length || HasMagic(data, p + 4))) return true;
        }
        return false;
    }

    private static uint ReadUInt32(byte[] data, int p) =>
        (uint)(data[p] | data[p + 1] << 8 | data[p + 2] << 16 | data[p + 3] << 24);

    /// <summary>Reads an array from an offset, remembering where the last read that returned data started and ended.</summary>
    private sealed class TrackingStream : Stream
    {
        private readonly byte[] data;
        private int position;

        public TrackingStream(byte[] data, int start)
        {
            this.data = data;
            position = start;
            LastReadStart = LastReadEnd = start;
        }

        public int LastReadStart { get; private set; }

        public int LastReadEnd { get; private set; }

        public override int Read(byte[] buffer, int offset, int count)
        {
            int n = Math.Min(count, data.Length - position);
            if (n <= 0) return 0;
            Buffer.BlockCopy(data, position, buffer, offset, n);
            LastReadStart = position;
            position += n;
            LastReadEnd = position;
            return n;
        }

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => position; set => throw new NotSupportedException(); }
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
