using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Linq.Expressions;
using System.Reflection;
using IamInsights.Query;

namespace IamInsights.Records;

/// <summary>
/// The schema a record type declares on its own properties (<see cref="FromCloudTrailAttribute"/> and
/// <see cref="ComputedAttribute"/>): the `fields` command that selects them, and the mapping that fills a record from
/// a result row by property name. The common properties of <see cref="IamEvent"/> are not part of it.
/// </summary>
public sealed class RecordSchema
{
    private static readonly ConcurrentDictionary<Type, RecordSchema> Schemas = new();

    private static readonly MethodInfo GetText = typeof(ResultRow).GetMethod(nameof(ResultRow.GetText))!;

    private readonly Action<IamEvent, ResultRow> fill;

    private RecordSchema(Type recordType)
    {
        RecordType = recordType;
        Fields = recordType.GetProperties(BindingFlags.Public | BindingFlags.Instance)
            .Where(p => p.DeclaringType != typeof(IamEvent))
            .Select(Declared)
            .ToList();
        var read = Fields.Where(f => !f.IsComputed).ToList();
        Command = new FieldsCommand(new Sequence<Projection>(read.Select(f => f.ToProjection())));
        fill = CompileFill(recordType, read);
    }

    /// <summary>The schema of a record type, read from its declarations once and then cached.</summary>
    /// <exception cref="InvalidOperationException">A property declares neither a CloudTrail field nor a computation, or cannot be read as declared.</exception>
    public static RecordSchema Of(Type recordType)
    {
        if (!typeof(IamEvent).IsAssignableFrom(recordType)) throw new ArgumentException($"{recordType.Name} is not an IamEvent record.", nameof(recordType));
        return Schemas.GetOrAdd(recordType, t => new RecordSchema(t));
    }

    public Type RecordType { get; }

    /// <summary>The record's own properties in declaration order, each with where its value comes from.</summary>
    public IReadOnlyList<RecordField> Fields { get; }

    /// <summary>The `fields` command that selects the properties read from CloudTrail, each under its property's name.</summary>
    public FieldsCommand Command { get; }

    /// <summary>Sets the properties read from CloudTrail from the row's columns of the same names.</summary>
    internal void Fill(IamEvent record, ResultRow row) => fill(record, row);

    private static RecordField Declared(PropertyInfo property)
    {
        string name = property.DeclaringType!.Name + "." + property.Name;
        var source = property.GetCustomAttribute<FromCloudTrailAttribute>();
        var computed = property.GetCustomAttribute<ComputedAttribute>();
        if (source == null && computed == null)
        {
            throw new InvalidOperationException($"{name} declares neither the CloudTrail field it is read from ([FromCloudTrail]) nor how it is computed ([Computed]).");
        }
        if (source != null && computed != null) throw new InvalidOperationException($"{name} declares both [FromCloudTrail] and [Computed].");
        if (computed != null) return new RecordField(property, Array.Empty<string>(), false, computed.Description);

        if (property.GetSetMethod(nonPublic: true) == null) throw new InvalidOperationException($"{name} is read from CloudTrail but has no setter.");
        var type = property.PropertyType;
        if (type != typeof(string) && type != typeof(DateTime?) && type != typeof(bool?))
        {
            string typeName = Nullable.GetUnderlyingType(type) is { } underlying ? underlying.Name + "?" : type.Name;
            throw new InvalidOperationException($"{name} is of type {typeName}; a property read from CloudTrail is of type string, DateTime? or bool?.");
        }
        if (source!.PolicyDocument && property.PropertyType != typeof(string)) throw new InvalidOperationException($"{name} is a policy document but not a string.");
        return new RecordField(property, source.Fields, source.PolicyDocument, null);
    }

    /// <summary>The method that turns a column's text into the property's type; null for a plain string.</summary>
    private static MethodInfo? Converter(Type type, bool policyDocument)
    {
        if (type == typeof(string)) return policyDocument ? Method(typeof(PolicyText), nameof(PolicyText.Decode)) : null;
        if (type == typeof(DateTime?)) return Method(typeof(Dates), nameof(Dates.Parse));
        if (type == typeof(bool?)) return Method(typeof(IamEvent), nameof(IamEvent.ParseBool));
        return null;
    }

    private static MethodInfo Method(Type type, string name) =>
        type.GetMethod(name, BindingFlags.Public | BindingFlags.NonPublic | BindingFlags.Static, null, new[] { typeof(string) }, null)!;

    /// <summary>One compiled delegate per record type: record.P = Convert(row.GetText("P")) for each property read.</summary>
    private static Action<IamEvent, ResultRow> CompileFill(Type recordType, IEnumerable<RecordField> read)
    {
        var record = Expression.Parameter(typeof(IamEvent), "record");
        var row = Expression.Parameter(typeof(ResultRow), "row");
        var typed = Expression.Variable(recordType, "typed");
        var body = new List<Expression> { Expression.Assign(typed, Expression.Convert(record, recordType)) };
        foreach (var field in read)
        {
            Expression value = Expression.Call(row, GetText, Expression.Constant(field.Name));
            var converter = Converter(field.Property.PropertyType, field.IsPolicyDocument);
            if (converter != null) value = Expression.Call(converter, value);
            body.Add(Expression.Assign(Expression.Property(typed, field.Property), value));
        }
        body.Add(Expression.Empty());
        return Expression.Lambda<Action<IamEvent, ResultRow>>(Expression.Block(new[] { typed }, body), record, row).Compile();
    }

    public override string ToString() => RecordType.Name;
}
