import Foundation

extension WarehouseDocument {
    /// The prose of docs/warehouse.md on how household records are linked (rules, ties, two valid IDs, masked IDs,
    /// life events), placed after the household tables.
    static var householdLinking: String { householdLinkingRules + "\n\n" + householdLifeAndSurvivorship }

    /// The first half of `householdLinking`: order, rules, ties, names, IDs and merges.
    static let householdLinkingRules = #"""
        ## Linking: how records become households

        The load stage takes each normalized household record (a *candidate*). It links the candidate to an existing
        household or creates a new one. Then it writes the household, its provenance row and, if anything changed, a
        history version.

        **Order.** Compound sources load first, then household sources, then facility sources. Within each entity,
        sources load in the order of the pipeline file. Within a source, batches go oldest extraction first. Within a
        batch, records go in file order. Everything is in one transaction, so a record sees the
        households that earlier records of the same load created. A duplicate row later in the same file links to the
        household its first occurrence created.

        **Compounds first.** Before any record is linked, every compound named in the batch with a township-level
        region is registered. A record whose address stops at the prefecture (`东升小区3-2-501`, context 贵阳市)
        then still finds the one 东升小区 in 贵阳市, and takes its township, whatever the record order. Its stored
        address gains the names of the levels the compound supplied (`贵州省贵阳市白云区大山洞街道东升小区3栋2单元501室`),
        and the compound is written as `dim_compound.name` spells it (`东升` → `东升小区`, `温馨苑小区` → `温馨苑`, after
        a road and door number too), in every household's address, so that feeds describing one dwelling store one
        address and a flat re-typed with another kind word makes no history version.

        When several compounds of that name lie in the record's region (东升小区 in two townships of 白云区), one
        of them spelled with the record's kind word is meant (`测凤凤家园` beside another township's `测凤凤新村`; see
        [Compounds](#compounds)); among several spelled alike, the record goes to the one where a household it could be already lives: the same building, unit and room,
        and a head name equal or one character apart, or the same phone. When no namesake or several fit, a
        compound of that name is created at the record's own, coarser region. A facility is not given such a
        made-up compound: it keeps the name in its address and has no `compound_id`. A later record inside one
        of the namesakes' regions finds that namesake, not a coarser compound of the same name, and when a household
        of such a made-up compound lives at its building, unit and room (a head name equal or one character apart, the
        same ID or the same phone), that household moves to the namesake, its address gaining the finer levels, with
        a history version, whatever `survivorship:` ranks: it is where it would be had that record loaded first, and
        loading the same files again changes nothing. The made-up compound, once empty, leaves `dim_compound` and the
        summaries at the end of the load; an id of it an earlier run showed resolves through
        [`compound_merged`](#compound_merged) to the compound its households joined.

        **Rules**, tried in this order; the first that matches gives the record its `match_rule` and `match_score`:

        | `match_rule` | `match_score` | evidence |
        |---|---|---|
        | *(kept)* | *(kept)* | The same source has sent this `record_key` before. The record stays with the household it was linked to, and keeps the rule and score that linked it; unless it names a new head whom the household keeps (`member_id`, `member_name`, `key+place` below: the household and its `household_id` stay, and `household_source` records that rule and its score), or it is linked afresh as below. This also keeps a household stable when its ID appears later. Not when the key now plainly names another household: another head name (even one character away) at another place, with no ID in common (the record's head is no member a record of the household listed, nor does the record list the household's head as a member: a widow the registry's 户号 names as 户主 on the night the family moves is the same household, `member_id`), compared with what the record itself offered when last loaded (its `record_digest`), not with the household's surviving values (a power account written 孙文彬 at `…北京路45号东升小区…` stays its household's record when the census, ranked higher, writes 孙文斌 and the address without the road). That is a key that numbers rows (see `record_key:` in pipeline-format.md); the record is linked by the rules below, and the load warns. For a source without `record_key` (records keyed by their number, which shifts as rows are added or removed), a record whose every value equals a record of the source's previous delivery (its `record_digest`: the delivery loaded in the source's latest earlier run, and any loaded before in this run) stays with that record's household, with its rule and score, wherever it now stands in the file; unless two such records were in different households. Nor when the record names an account holder (see below) and gives a dwelling the household no longer lives at (it moved; or an account was joined to its holder's new home before): the record is linked by its dwelling again, and the move is recorded in [`household_relink`](#household_relink). |
        | `id_hash` | 1.0 | An existing household has the same `head_id_hash`, i.e. the same head's resident ID (15- and 18-digit forms of one ID are equal). |
        | `address+name` | 0.95 if the names are equal, 0.85 if one character apart | The same `compound_id`, `building`, `unit` and `room` (a missing building or unit matches only a missing one), and head names that are equal or differ by one substituted, inserted or deleted character when both have at least 3 characters (homophone typos such as 卢菊方/卢菊芳). Two-character names one character apart (郭鹏/郭朋) count only with the same surname and the same phone (not a shared one, see below) as well: alone, one character is half the name (崔帅 and 龙帅 are two people). No name, equal or one character away, joins a household that another record of the candidate's own file made or joined: the file lists them apart (宋志明 and his brother 宋志华, two rows of one census in one room; a father and his son of one name at one door, two rows of one roster). Except a record without an ID that names that very head (one name: equal, in either script, `測蒋飛` for `测蒋飞`; not one character away) and gives no other birth date, gender or phone (not a shared one) than the household's head: a list of one row per member writing the head's name on every member's row (残联's two disabled children of 测王德明, each row naming him as 户主) joins the one household, each row by `address+name`; and a row about the same person as one the file already put there (see **Rows of one file about one person** below). A file's records with a valid ID are linked before those without, so a 分户 son without an ID stays apart from his father's household (the father's row with his ID) whether he is listed above or below him. The candidate needs a compound, a room and a head name. A villager's dwelling without a compound or room, whose address ends in a door number right after a group, a village or a community and is placed at a township or finer (`…尖坡村3组23号`, `…东山社区12号`), counts by its whole normalized `address` instead, with the same name rules. At a road's door number (`中华北路123号`), often a whole building of households, only an equal name counts (in either script: `孫國` is 孙国). So at a flat of a road's door without a compound (`瑞金南路61号7栋4单元1101室`), which counts by its door, building, unit and room as written after the names of its region, whatever regions the two records are placed at as long as one contains the other (the grid's row placed at 贵阳市 by its context, the registry's at 盐务街街道), and so at a road's door without a room (`云岩区中华北路123号`, `中华南路15号附3号`), the whole house or building, placed at a county or a prefecture: the same door written after the names of regions one of which contains the other, or one level within it (a county's township, a prefecture's county: the grid's `云岩区中华北路123号` and the registry's `…云岩区威清门街道中华北路123号`). |
        | `address+phone` | 0.9 | The same `compound_id`, `building`, `unit` and `room` (a missing building or unit matches only a missing one) and the same `phone_hash`, whatever the names: a spouse's or a parent's utility account at the household's own flat with the household's own phone. At a villager's door without a compound, as for `address+name`, the same whole normalized `address` (village, group and door number, and a room given after the door) instead: a census row naming the wife as 户主 at `…干堰村3组12号` with the family's phone joins the registry's 户 at that door that names her husband; there only the one household at the door holding the phone counts, and a road's door number (`中华北路123号`), often a whole building, does not. Not with a shared phone (see **Shared phones** below), nor a household with another valid head ID, nor one another record of the candidate's own file made or joined (two households of one flat, or of one door, sharing a landline, listed apart: two heads, 测宋志明 and 测陈刚, or 宋志明 and his brother 宋志华), unless a row of that file in the household names the record's own person with its phone at its dwelling (see **Rows of one file about one person** below: the second left-behind child under one grandmother joins the household the first child's row joined, `address+phone`). A name that is not the household's head's (equal or one character apart) is another member's, and so are the ID, masked ID, gender and birth date the record gives: none is offered as the head's; unless the record lists the household's head among its members (by ID, or by name): the same family written from the other spouse's side (the registry's 户主 listing as 配偶 the wife a census named as head without an ID), ranked for `head_name` at least as high as the source of the household's head name: its head, ID, gender and birth date are then offered as the head's (ranked lower, all of them are withheld, so that no household holds one person's name with another's ID). |
        | `address+holder` | 0.8 | The dwelling alone, for records that name an account holder, not the head: those of a source declaring [`record_names: account_holder`](pipeline-format.md#source-keys), and any record whose name is an organisation's (see below). The record joins the household living at its compound, building, unit and room, or at its villager's door; among several households there, the only one holding its phone (not a shared one), else the only one whose head the holder is (a name equal, else one character apart), else the only one with a head name (the others made by accounts alone); the order of household ids is no evidence, and when nothing tells them apart the rule links to none of them. A record that leaves out a building or unit (`1栋202`), or gives one the households there leave out, takes the one household at that room whose levels do not differ, or among several the one with its phone or holder. Without a household at its dwelling, or without a dwelling of its own (no compound and room, nor a villager's door), it joins the household whose head the holder is by ID (`id_hash`), else by phone and name (`phone+name`), unless that household lives at another dwelling: when both give a room, another building, unit or room (a compound written another way, `供销社宿舍` for `州供销社宿舍`, does not count); else another compound. A household with no place of its own (a registry's whose 户籍 address is elsewhere) lives at no other dwelling. Failing that it makes a household, with no head name. Also any record at a compound and room (or that room without a building or unit the record gives) joins a household there that no person was named for yet: one only account holders' records made (no head name, no ID), unless another record of the candidate's own file made or joined it; and so does any record at a villager's door (the same address, placed at a township or finer) while nobody is named at that door yet, so that the accounts loaded before the census and the census row naming the head are one household whichever loads first. Where a household at the door has a head, an account's household there (one its phone and holder told from none of them) is joined only by a record holding its phone (`address+phone`). |
        | `phone+name` | 0.8 | The same `phone_hash`, not a shared one (see below), and head names equal or one character apart. A name one character apart does not count when the two give different dwellings (both have a room, and the compound, building, unit or room differ): that is a relative sharing the phone (李建国 and his son 李建军), not the same head; nor when another record of the candidate's own file made or joined the household. |
        | `member_id` | 0.95 | **A new head.** The record's valid ID is not its household's head's, but a record of the household listed it as a member: as its head before, in a registry's member list (`成员列表` with 身份证号), or as a member row of a census of one row per person (see [`household_member`](#household_member)). The head died or moved out and the spouse or a son took over with his or her own ID: the same household with a new head, never a split. Either the record's own `record_key` held the household before (the registry's 户号 now naming the widow), or the record gives the household's place: the same compound, building, unit and room, or the same normalized address ending in a door or room number. In the second case, not when the record's source holds the household under another key (a son listed under his father's 户 whom the registry now sends under a 户号 of his own, 分户: the registry lists the two apart), nor when another record of the candidate's own file made or joined it; and not when a household of the new head's ID exists already (the record joins that one, `id_hash`). The head's name and ID then follow `survivorship:` (a source ranked lower than the one that set the old head's does not replace them), and the change is a new history version. |
        | `member_name` | 0.9 | As `member_id`, for a member list without IDs (names and relationships only): the record's own `record_key` held the household before, the record gives the household's place (as above), and a record of the household listed the new head's name as a member (simplified; a name the sender masked or lost a character of, `韦某某`, `杨?祥`, lists no one). |
        | `member_is_head` | 0.9 | **The same family written from another member's side.** The converse of `member_id`: the record's valid ID is no household's head's, but its member list (`members`, with IDs) names the head of an existing household (民政's case names the wife 测钟发 as 户主 and lists her husband 测杜宏, 配偶, with his ID; the census names him as head). Loaded after that household, the record joins it, as the household's record would join the record's household by `member_id` the other way round: one household whichever source loads first. The same evidence as `member_id` must agree: the record gives the household's place (the same compound, building, unit and room, or the same normalized address ending in a door or room number; a household elsewhere, or one whose place the record does not name, is another household), the record's source does not hold the household under another key (a registry's 分户 son whose new 户 lists his father lists the two apart), and no other record of the candidate's own file made or joined it. A record listing the heads of several households at its place (a father's and his 分户 son's at one flat) joins none of them by this rule. A record without a valid ID of its own (a masked one) does not link this way. The head's name and ID then follow `survivorship:` (the census ranked for them keeps the husband; without a ranking the record loaded last names the head, as for `member_id`), and the record's head becomes one of the household's members (`household_member`), so that the case, sent again with her as 户主, stays in the household. |
        | `key+place` | 0.9 | **A new head in a household with one record that lists no members** (a grid census's row under its `户编号`, a source without `members` mapped), **or a corrected ID of the same head** (the record names the household's head by the same name, whatever members it lists). The record's valid ID is not its household's head's, and no record listed it as a member, but the record's own `record_key` held the household, it is the household's only record, and it gives the household's place: the same compound, building, unit and room, or the same normalized address ending in a door or room number. The head died or moved out and the spouse took over, or the ID was corrected: the household is what its one record says, and keeps its `household_id`; its head's name, ID, gender and birth date are the record's, the former head becomes one of its members (`household_member`), and the change is a new history version. Not when a household of the new head's ID exists already (the record joins that one, `id_hash`), nor when the household holds another record (then the record moves, see `household_relink`). |
        | `same_evidence` | 0.9 | Nothing above matched, but the record's own evidence (its ID, else its place, name and phone) mints the id of an existing household: the same row again (a duplicate row, or a record whose key named another household before). Not a household another record of the same file made under another key: those are namesakes at one place (two 王国华 of one villager group, with no door, ID or phone), and the record gets a household of its own; unless that record named the same person with the same phone at the same place (see **Rows of one file about one person** below). |
        | `alias` | 1.0 | As `same_evidence`, for an id merged away: the record joins the household that absorbed it. |
        | `ambiguous` | 0.5 | Nothing above linked the record, and a rule's evidence fitted several households equally with nothing to tell them apart (see **Ties** below): the record is linked to none of them and gets a household of its own, with an `ambiguous_household` warning in `etl_reject` that names the households it fitted. |
        | `new` | 1.0 | Nothing matched, so a new household is created. |

        **Rows of one file about one person.** A list of one row per person (留守儿童 per child with the guardian's name
        and phone, 残联 per disabled member, 独居老人 or 高龄补贴 per old person) writes one family on several rows. A row
        that names the same person as a row of its file already linked (one name: equal, in either script, or with a lost
        character; a name one character away is another person, 宋志明 and his brother 宋志华), with the same phone (not a
        shared one) and at the same dwelling (the same compound, building, unit and room; without a compound, the same
        normalized address), and no other resident ID, birth date or gender, is that family written again, not a household
        the file lists apart: it ends in the household the first such row joined or made, by whatever rule its evidence
        fits there (`address+phone` for a guardian who is not the registered head, `address+name` for a guardian who is).
        The rules that refuse a household another record of the candidate's own file made or joined (`address+name`,
        `address+phone`, `address+holder`, `phone+name`, `member_id`, `member_is_head`, `same_evidence`) do not refuse it.
        So two children under one grandmother, 测李秀英, with her phone, at the flat of the census's 测王德明, both join his
        household, and a list loaded alone makes one household of them whatever the order of its rows. The load remembers
        the last 16,384 rows of a file for this (its memory does not grow with a province's census): rows of one family
        further apart than that in a larger file are linked by their own evidence alone. Two heads of one flat
        listed apart by a census keep their two households. Rows naming two guardians (the grandmother with her phone on one row, the
        grandfather with his on the other) are two persons: the grandfather's row, whose name and phone are not the
        household's, makes a household of its own. Map such a list with `record_names: account_holder` (see
        [pipeline-format.md](pipeline-format.md#a-list-of-one-row-per-child-or-per-member)), whose rows join the household
        at their dwelling whoever they name.

        **Account holders and organisations.** A utility's record names the holder of an account (户名), who is often
        not the head of the household living at the account's dwelling: a spouse, a parent, a former owner who moved
        away, a 单位. With `record_names: account_holder` on its source, the record's name and ID are the holder's:
        the record offers no `head_name`, `head_id_hash`, `head_id_masked`, `head_gender` or `head_birth_date`, so they
        never become or replace the head's, and they are no evidence for the rules above. Its dwelling decides
        (`address+holder`): a former owner's account stays with its flat, however her phone and name agree with her
        new home's household at another flat. A household only such records made has no head name until a record naming its head
        joins it (by `address+holder`, at its flat or villager's door). The record's phone is the holder's too (a spouse's own mobile, a
        former owner's): it fills a household with no phone and replaces one the same source gave, but no phone another
        source gave (the census's or registry's, for the head), whichever loads first, unless `survivorship:` ranks the
        holder's source above that one for `phone`; the disagreement is a `dwd_household_conflict` row. A name that
        is an organisation's, in any source (it ends in 局, 公司, 厂, 社, 委员会, 中心, 学校, 医院, 单位, 站, 所, 宿舍,
        物业 … and is longer than a person's name; a name with a middle dot, `阿卜杜热合曼·买买提`, is a person's), is not
        a person either: the record is linked as an account holder's, its name is never a `head_name`, it offers no
        phone (a 单位's switchboard is no household's phone, nor evidence, whichever flat comes first in the file), and
        the normalize stage says once per source how many records named an organisation. Without the option, a
        spouse's account at the household's flat with the household's phone still joins (`address+phone`); one with the spouse's own phone makes a household of its own,
        named after the spouse, and a former owner's account may join her new home by `phone+name`.

        **Ties.** When one rule's evidence fits several households equally well (a father and his son of one
        name at one door, each the head of his own household after 分户: the same address, the same name, and a
        record without an ID), the record's other evidence decides: the household whose `head_id_hash`, then
        `phone_hash` (not a shared one), `head_birth_date`, `member_count` or `head_gender` equals the record's.
        Where several agree on one kind of evidence, the next kind decides among those. A member count or a
        gender only describes a household (many have 2 or 3 members): it breaks a tie only between heads of the
        record's own name, and only when the record's gender does not disagree with the household it picks.
        Between heads whose names are one character from the record's (张德明 and 张德华 at a door where a new
        tenant 张德军 registers), only an ID, a phone or a birth date does. The rule then says so,
        e.g. `address+name:tie_broken_by_phone`, and the score is lower than for a match no other household
        competed for: 0.05 lower for the phone or birth date, 0.15 for the member count or gender, unchanged for
        an ID. When nothing tells them apart, the rule links the record to none of them: the order of household
        ids is no evidence. If no other rule links it either (its ID, its earlier record, a phone and name), it gets
        a household of its own (`ambiguous`, 0.5) and an [`ambiguous_household`](rejects.md#ambiguous_household)
        warning naming the record and the households. A later record of it whose evidence then leads to one of
        them (its own phone, say) merges that household of its own into it, and takes that rule and score.

        **Shared phones are no evidence.** A phone held by households of 3 or more different head names in the
        warehouse, or carried by records of 3 or more different head names in the batch being loaded (a grid
        worker's or village committee's phone entered for every elderly household), links no record by
        `phone+name`, breaks no tie, and counts for no two-character name or compound namesake. A record carrying
        it does not replace a household's own phone with it, whatever `survivorship:` says (it fills an empty
        phone). A single record with such a phone in a small later file is known as shared only when the
        warehouse already holds it for 3 or more head names.

        **How head names compare.** "Equal" and "one character apart" above compare two spellings of a name as one
        name where feeds write it differently without meaning another person:

        - Traditional characters count as their simplified forms: `張國華` equals 张国华, `陳秀蘭` equals 陈秀兰, and `張伟`
          equals 张伟 (also in a two-character name, which one character apart never links). The table is ICU's
          `Hant-Hans` mapping of every traditional character that is no simplified character itself (`乾`, `於`, `後` are
          compared as written; `tools/traditional-characters.py` writes it). The 13 characters of the table that are
          standard characters of the 通用规范汉字表 all the same (`昇`, `陞`, `蒐`, `釐` …, most restored there for
          names) compare as their fold (`李昇` equals 李升) but are no traditional spelling: between 李昇 and 李升 the
          ranks decide, as for any two values.
        - A character the sender could not write (`?`, `？`, `■`, `□`, `〓` or U+FFFD in its place, or one to six Latin
          letters, its pinyin: `石yan明`) stands for any one character at that place: `杨?祥` equals 杨吉祥, `龙■`
          equals 龙䶮, `石yan明` equals 石䶮明. Only while the name keeps at least as many characters as it lost
          (`王??` stands for no one), and never towards "one character apart": `杨?祥` and 杨吉翔 are two characters
          apart. Such a record gets the warning `name_character_lost`.
        - A mark of the head after the name (`顾义户`, `顾成生户主`, `杨生文（户主）`) or a label before it (`户主：王德明`)
          is removed when the record is normalized, so the name is 顾义, 顾成生, 杨生文, 王德明 (see `head_name` in
          pipeline-format.md).
        - The middle dot of a minority name (维吾尔族, 哈萨克族 … names written in Chinese characters) is stored as the
          standard `·` (U+00B7) whatever form it came in (`•`, `・`, `･`, `．`, `.`, `‧`, `∙`, `⋅`, with spaces
          around it), and names compare without it: `艾尔肯•吐尔逊`, `艾尔肯吐尔逊` and 艾尔肯·吐尔逊 are one name, and
          **equal** (`address+name` 0.95; `phone+name` at another dwelling, a household that moved), as are
          `阿卜杜热合曼买买提` and 阿卜杜·热合曼·买买提. A household keeps the spelling with the dot, whichever source
          ranks higher: a name written without its dot lost it.

        A name equal only in the other ways (traditional characters, a lost character) scores as a name one character
        apart (`address+name` 0.85), and `phone+name` takes it as it takes a name one character apart; at another
        dwelling (a household that moved), `phone+name` takes a traditional spelling of the same name (`陳秀蘭` for
        陈秀兰) as the same name.

        **Two different valid IDs are never one household**, unless one is a listed member of the other's household
        (`member_id`, `member_name` above: a new head; `member_is_head`: the record lists the household's head), or a
        household's only record names a new head at its place (`key+place`). Every other rule except `id_hash` skips an existing household
        that has a `head_id_hash` different from the candidate's, whatever else they share. This includes the
        kept-record rule: a record that now carries a different valid ID than its household's, of no member of it (and
        not the household's only record at its place, `key+place`), is linked afresh, and the move is recorded in [`household_relink`](#household_relink). The household it left keeps the old ID only
        while one of its remaining records offered it; otherwise the ID (hash and masked form), and the gender and
        birth date its source derived from it, are emptied. Its other values the record supplied go with it too: a
        value it offered, of a column its source owns (`household_field_owner`), that no remaining record offers,
        goes back to the household's value before (its newest history version with another value), else none (a
        分户 son linked by mistake whose phone replaced his father's: the father's phone is back, in one history
        version). The phone hash, which history does not keep, is emptied; a remaining record that offered another
        value than the household now holds offers it again at its next load. When several households fit a rule,
        see **Ties** above.
        Two feeds that name different members as the head of one family (the registry lists the husband, the grid
        app his wife, each with her or his own valid ID) make one household only when a record of either listed the
        other as a member at the same place (`member_id` or `member_is_head`, whichever loads first; map `members`
        where a feed lists them); otherwise they stay two households.
        Map the same person as head in every feed, or expect such families to count twice.

        **A masked ID tells another head apart, and identifies no one.** Many departments send IDs masked
        (`522701********5055`, `5227011980****505X`, with `●`, `•` or `×` for `*`: 18 characters, visible digits in
        front and behind). Such an ID is neither hashed nor stored (`head_id_masked` holds only the masked form of a
        valid ID), and the source's summary line counts them instead of an `id_format` warning per record. But a
        visible character that differs from the same place of a household's `head_id_masked` says another person:
        `address+name` and `phone+name` skip that household (the 张伟 whose power account gives
        `520102********3012` is not the head 张伟 whose ID ends in `1011`, though they share the flat or the
        phone). Equal visible characters prove nothing (a region code and four digits are shared by many people)
        and leave the rules as they are.

        **Merged when the evidence says so, never deleted.** Every rule is tried, not only the first that matches.
        When one record's evidence points at two or more existing households that can be one (no two different valid
        IDs among them), for example the ID of one and the phone and name of another, they are merged into the oldest:
        the one first seen earliest, then the smallest `household_id`. Its id survives, and the others become rows of
        [`household_alias`](#household_alias). Two households that one file lists as two records (a census's
        101 and 102) are never merged this way: a record that fits both joins the first. Their source records, field sources and conflicts move to the
        survivor, and their current history versions are closed. Each value of the merged household follows
        survivorship as if the absorbed household's values were offered to the survivor: an empty column is filled,
        and a column both have is taken from the absorbed household when its source is ranked higher in
        `survivorship:` (without a ranking: when it was set in a later run). A value both hold alike is the
        higher-ranked source's after the merge (its `dwd_household_field_source` row), whichever id survives, so that a
        lower-ranked source's later change does not replace it (ranked alike, the survivor's source keeps it). The place (`address`, `region_code`,
        `compound_id`, `building`, `unit`, `room`) is decided once, as a group: the absorbed household's whole place
        when its address wins so (or the survivor has no place, or a place written less precisely), else the
        survivor's, filled only where the other names the same place more finely; never one's address with the
        other's compound and room, whichever id survives (see *A place is one record's* under
        **Survivorship** below; a 民政 record once placed by a wrong code in a copy of 测茅香苑 in 汇川区, merged with the
        census household in the real 测茅香苑 once its code is corrected, lives in the real one, and the emptied copy is
        dropped). Its field sources and conflict rows name that place's source. A column taken so is the survivor's from
        the merge's run on (`dwd_household_field_source.run_id`). The survivor gets a new history version
        only when it took a value this way; a merge that changes none of its columns writes no version. A disagreement between two sources
        is recorded in `dwd_household_conflict`, as for a record. A household whose last record moved to another
        household (a corrected ID, see [`household_relink`](#household_relink)) describes no one any more: it is
        removed the same way, its id becoming an alias (rule `relinked`) of the household the record moved to, so
        that one flat does not count twice; its values stay as they stood, its last version closed by the run
        (no version for the emptied state). Only into a household first seen no later than it: an older id never
        becomes an alias of a newer one. A household whose only record moves to a newer household (one made for the
        record's new head at another place) keeps its row as the record last described it, as a household that
        disappears from every feed does. A household whose head joined another household (合户, see
        **Household life events** below) is merged into it (rule `head_listed_as_member`). Rongtong never deletes a
        household otherwise: one that disappears from every feed keeps its row, and its `last_seen_run` stops
        advancing.
        """#
}
