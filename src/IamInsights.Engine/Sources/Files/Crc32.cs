using System;

namespace IamInsights.Sources.Files;

/// <summary>The CRC-32 of gzip (ISO 3309, reflected polynomial 0xEDB88320), eight bytes at a time.</summary>
internal static class Crc32
{
    private static readonly uint[] Table = BuildTable();

    /// <summary>Continues <paramref name="crc"/> (0 to start) over <paramref name="count"/> bytes.</summary>
    public static uint Append(uint crc, byte[] data, int offset, int count)
    {
        var table = Table;
        uint c = ~crc;
        int i = offset, end = offset + count;
        for (; i + 8 <= end; i += 8)
        {
            uint low = c ^ (uint)(data[i] | data[i + 1] << 8 | data[i + 2] << 16 | data[i + 3] << 24);
            uint high = (uint)(data[i + 4] | data[i + 5] << 8 | data[i + 6] << 16 | data[i + 7] << 24);
            c = table[7 * 256 + (low & 0xFF)] ^ table[6 * 256 + ((low >> 8) & 0xFF)]
                ^ table[5 * 256 + ((low >> 16) & 0xFF)] ^ table[4 * 256 + (low >> 24)]
                ^ table[3 * 256 + (high & 0xFF)] ^ table[2 * 256 + ((high >> 8) & 0xFF)]
                ^ table[1 * 256 + ((high >> 16) & 0xFF)] ^ table[high >> 24];
        }
        for (; i < end; i++) c = table[(c ^ data[i]) & 0xFF] ^ (c >> 8);
        return ~c;
    }

    private static uint[] BuildTable()
    {
        var table = new uint[8 * 256];
        for (uint n = 0; n < 256; n++)
        {
            uint c = n;
            for (int k = 0; k < 8; k++) c = (c & 1) != 0 ? 0xEDB88320 ^ (c >> 1) : c >> 1;
            table[n] = c;
        }
        for (int slice = 1; slice < 8; slice++)
        {
            for (int n = 0; n < 256; n++)
            {
                uint previous = table[(slice - 1) * 256 + n];
                table[slice * 256 + n] = table[previous & 0xFF] ^ (previous >> 8);
            }
        }
        return table;
    }
}
