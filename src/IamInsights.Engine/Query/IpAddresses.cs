using System;
using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace IamInsights.Query;

/// <summary>
/// The IP address functions: strict IPv4 dotted quads (four decimal parts from 0 to 255, no leading zeros), IPv6 text
/// as RFC 4291 writes it (without a zone), and subnets in CIDR notation.
/// </summary>
internal static class IpAddresses
{
    public static bool IsValid(string? text, AddressFamily? family) => Parse(text, family) != null;

    /// <summary>True when the address is of the family asked (either when null) and inside the CIDR subnet.</summary>
    public static bool InSubnet(string? address, string? subnet, AddressFamily? family)
    {
        var ip = Parse(address, family);
        if (ip == null || subnet == null) return false;
        int slash = subnet.IndexOf('/');
        if (slash < 0) return false;
        var network = Parse(subnet.Substring(0, slash), ip.AddressFamily);
        string lengthText = subnet.Substring(slash + 1);
        if (network == null || lengthText.Length == 0 || lengthText.Length > 3
            || !int.TryParse(lengthText, NumberStyles.None, CultureInfo.InvariantCulture, out int length))
        {
            return false;
        }
        byte[] a = ip.GetAddressBytes(), b = network.GetAddressBytes();
        if (length > a.Length * 8) return false;
        for (int bit = 0; bit < length; bit++)
        {
            int mask = 0x80 >> (bit % 8);
            if ((a[bit / 8] & mask) != (b[bit / 8] & mask)) return false;
        }
        return true;
    }

    private static IPAddress? Parse(string? text, AddressFamily? family)
    {
        if (string.IsNullOrEmpty(text)) return null;
        var ip = text!.IndexOf(':') >= 0 ? ParseV6(text) : ParseV4(text);
        return ip != null && (family == null || ip.AddressFamily == family) ? ip : null;
    }

    private static IPAddress? ParseV4(string text)
    {
        var parts = text.Split('.');
        if (parts.Length != 4) return null;
        var bytes = new byte[4];
        for (int i = 0; i < 4; i++)
        {
            string part = parts[i];
            if (part.Length == 0 || part.Length > 3 || (part.Length > 1 && part[0] == '0')) return null;
            foreach (char c in part) if (c < '0' || c > '9') return null;
            int value = int.Parse(part, CultureInfo.InvariantCulture);
            if (value > 255) return null;
            bytes[i] = (byte)value;
        }
        return new IPAddress(bytes);
    }

    private static IPAddress? ParseV6(string text)
    {
        foreach (char c in text)
        {
            bool allowed = c == ':' || c == '.' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!allowed) return null;
        }
        return IPAddress.TryParse(text, out var ip) && ip.AddressFamily == AddressFamily.InterNetworkV6 ? ip : null;
    }
}
