using System.Text;

namespace IamInsights.Reports;

/// <summary>Writes text from a log into HTML so that it reads as text, in element content and in quoted attributes alike.</summary>
internal static class Html
{
    /// <summary>Appends the text with &amp;, &lt;, &gt;, " and ' escaped, and control characters other than tab and newline replaced by U+FFFD.</summary>
    public static StringBuilder AppendText(this StringBuilder html, string? text)
    {
        if (text == null) return html;
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': html.Append("&amp;"); break;
                case '<': html.Append("&lt;"); break;
                case '>': html.Append("&gt;"); break;
                case '"': html.Append("&quot;"); break;
                case '\'': html.Append("&#39;"); break;
                case '\t':
                case '\r':
                case '\n':
                    html.Append(c);
                    break;
                default:
                    html.Append(c < ' ' || c == '\u007f' ? '\uFFFD' : c);
                    break;
            }
        }
        return html;
    }

    public static string Escape(string? text) => new StringBuilder().AppendText(text).ToString();
}
