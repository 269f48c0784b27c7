/// Registry XML: records are repeated elements, read with libxml2's streaming reader in constant memory.
enum XMLFormat {
    static let spec = FormatSpec(
        name: "xml",
        summary: "XML documents whose records are repeated elements (streamed with libxml2; external entities are never loaded). Fields are paths below the record: `户主/姓名`, `@编号`, `成员列表/成员/@关系`; repeated elements become one JSON-array field.",
        options: [
            OptionSpec("record_path", .stringList,
                       doc: "Required. The record element: `/户籍信息/户` (from the root), `户` (at any depth) or `户籍信息/户` (a 户 in a 户籍信息, at any depth). Steps match local names, so a default namespace needs no prefix; a prefixed step `gb:户` must be bound in `namespaces`. A list of paths (`[/户籍信息/户, /户籍信息/分页/户]`) reads the elements matching any of them. A file in which it matches nothing, although an element of that name sits elsewhere or in another namespace (or the root differs from a path's first step, or elements repeated with elements of their own sit two or three levels down: records under another name), stops with an error saying what is there. Elements of the record's name outside the path beside records it matched (a `<分页>` wrapper around some of them) are not read: a `records_outside_record_path` warning of the file names their paths and counts."),
            OptionSpec("namespaces", .string,
                       doc: "Prefix bindings for `record_path` in feeds that mix namespaces: `gb=http://example.gov.cn/hj,mz=http://example.gov.cn/mz`. A prefixed step then matches only elements in that namespace URI."),
            OptionSpec("repeated", .string,
                       doc: "Comma-separated element paths below the record (e.g. `成员列表/成员`) that always become a JSON-array field, even when a record holds only one, so every record has the same shape."),
        ],
        open: { file, options in try XMLCursor(file: file, options: options) }
    )
}
