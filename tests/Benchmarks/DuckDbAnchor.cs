using DuckDB.NET.Data;

namespace IamInsights.Benchmarks;

/// <summary>The anchor: DuckDB reads the same files with read_json, unnests Records and filters on the event.</summary>
public static class DuckDbAnchor
{
    public static long Count(string folder, string eventName)
    {
        using var connection = new DuckDBConnection("DataSource=:memory:");
        connection.Open();
        using var command = connection.CreateCommand();
        string glob = System.IO.Path.Combine(folder, "AWSLogs", "**", "*.json.gz").Replace("'", "''");
        // DuckDB infers the records' schema and unnests them into structs: its fastest natural plan here.
        command.CommandText =
            $"SELECT count(*) FROM (SELECT unnest(Records) AS r FROM read_json('{glob}', maximum_object_size = 104857600)) " +
            $"WHERE r.eventSource = 'iam.amazonaws.com' AND r.eventName = '{eventName.Replace("'", "''")}'";
        return (long)command.ExecuteScalar()!;
    }
}
