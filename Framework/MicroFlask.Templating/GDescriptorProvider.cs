using HandlebarsDotNet.Iterators;
using HandlebarsDotNet.MemberAccessors;
using HandlebarsDotNet.ObjectDescriptors;
using HandlebarsDotNet.PathStructure;

namespace MicroFlask.Templating;

/// <summary>Lets templates read <c>{{g.user}}</c>: <see cref="G"/> has named values but no properties for Handlebars to find.</summary>
internal sealed class GDescriptorProvider : IObjectDescriptorProvider
{
    private static readonly ObjectDescriptor Descriptor = new(
        typeof(G),
        new Accessor(),
        (_, _) => Array.Empty<object>(),
        _ => new ObjectIterator(null!));

    public bool TryGetDescriptor(Type type, out ObjectDescriptor value)
    {
        value = type == typeof(G) ? Descriptor : ObjectDescriptor.Empty;
        return type == typeof(G);
    }

    private sealed class Accessor : IMemberAccessor
    {
        public bool TryGetValue(object instance, ChainSegment memberName, out object? value)
        {
            var g = (G)instance;
            var name = memberName.TrimmedValue;
            value = g.Contains(name) ? g[name] : null;
            return value is not null;
        }
    }
}
