/** The introspection XML of an exported object (org.freedesktop.DBus.Introspectable). */
import type { ExportedInterface } from './exported-object.js'
import { parseSignature, signatureOf } from './signature.js'

const DOCTYPE =
  '<!DOCTYPE node PUBLIC "-//freedesktop//DTD D-BUS Object Introspection 1.0//EN"\n' +
  ' "http://www.freedesktop.org/standards/dbus/1.0/introspect.dtd">'

const STANDARD = `  <interface name="org.freedesktop.DBus.Introspectable">
    <method name="Introspect"><arg name="xml_data" type="s" direction="out"/></method>
  </interface>
  <interface name="org.freedesktop.DBus.Peer">
    <method name="Ping"/>
  </interface>
  <interface name="org.freedesktop.DBus.Properties">
    <method name="Get"><arg name="interface_name" type="s" direction="in"/><arg name="property_name" type="s" direction="in"/><arg name="value" type="v" direction="out"/></method>
    <method name="GetAll"><arg name="interface_name" type="s" direction="in"/><arg name="props" type="a{sv}" direction="out"/></method>
    <method name="Set"><arg name="interface_name" type="s" direction="in"/><arg name="property_name" type="s" direction="in"/><arg name="value" type="v" direction="in"/></method>
    <signal name="PropertiesChanged"><arg type="s"/><arg type="a{sv}"/><arg type="as"/></signal>
  </interface>`

export function introspectionXml(
  interfaces: readonly ExportedInterface[] | null,
  children: readonly string[],
): string {
  const lines = [DOCTYPE, '<node>']
  if (interfaces !== null) {
    lines.push(STANDARD)
    for (const entry of interfaces) lines.push(interfaceXml(entry))
  }
  for (const child of children) lines.push(`  <node name="${child}"/>`)
  lines.push('</node>')
  return lines.join('\n')
}

function interfaceXml(entry: ExportedInterface): string {
  const lines = [`  <interface name="${entry.name}">`]
  for (const [name, method] of Object.entries(entry.methods)) {
    const args = [...split(method.in, 'in'), ...split(method.out, 'out')]
    lines.push(`    <method name="${name}">${args.join('')}</method>`)
  }
  for (const [name, property] of Object.entries(entry.properties)) {
    lines.push(`    <property name="${name}" type="${property.signature}" access="read"/>`)
  }
  for (const [name, signature] of Object.entries(entry.signals)) {
    const args = parseSignature(signature).map((type) => `<arg type="${signatureOf(type)}"/>`)
    lines.push(`    <signal name="${name}">${args.join('')}</signal>`)
  }
  lines.push('  </interface>')
  return lines.join('\n')
}

function split(signature: string, direction: 'in' | 'out'): string[] {
  return parseSignature(signature).map(
    (type) => `<arg type="${signatureOf(type)}" direction="${direction}"/>`,
  )
}
