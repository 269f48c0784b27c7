import Foundation

extension WarehouseDocument {
    /// The second half of `householdLinking`: household life events, survivorship and idempotence.
    static let householdLifeAndSurvivorship = #"""
        **Household life events.** What the warehouse shows when a family changes, as a registry (公安, a stable
        `record_key` such as 户号, its members mapped with `members`), a keyless grid census and a whole list
        (民政, `absent_means:`) report it, each possibly a night late:

        - **A new head** (the head died or moved out; the spouse or a son takes over with his or her own ID): the
          same household, the same `household_id`, when a record of it listed the new head as a member (`member_id`,
          `member_name` above). The head's name, ID, gender and birth date follow `survivorship:`; one history
          version. The former head becomes one of its members (`household_member`), so a census row still naming
          him or her a night late, at the household's place or unchanged since its last delivery, stays in the
          household and replaces no higher-ranked value. Without `members` mapped, a new valid ID is the same
          household's new head only when the record is the household's only record, under its own `record_key`, at
          the household's place (`key+place` above: a grid-only household whose 户编号 now names the widow keeps its
          id); otherwise it is someone else: the record moves (`household_relink`). The record's `household_source` row then names the rule that kept the household (`member_id` 0.95, `member_name`, `key+place`), no longer the rule that first linked it. A source without a `record_key` (a keyless grid census, one row per household or `rows: person`) keeps a new head in the household only by `member_id`, his or her ID listed as a member before: **a new head known only by name makes a new household** at the same place (a grandson listed without an ID as a minor, 户主 now with one), and the old household keeps its former head, its members and its `last_seen_run`, a member whom both list being a member of both. Map the census's household key (户编号) as `record_key`, so that `member_name` or `key+place` can keep the household, or ask the feeder for the members' IDs. A catch-up run that loads the nights before and after the change
          in one go gives the same household, without a `record_key_shared` warning. The source's summary line
          (and `etl_run.message`) counts `new head(s)`: households whose head, as an earlier run left it (or as the
          source's own earlier file in a catch-up run gave it), a record of the source replaced. Feeds that name
          different heads of one family the same night (the census the wife, the registry the husband, on the night
          the household is first loaded; survivorship keeps one) are no new head. Nor is a record its source sends
          again unchanged: when another source has since given its household another head (民政's case naming the
          wife as applicant and listing the census head as 配偶, `member_is_head`), the census row repeated byte for
          byte the next night stays in the household and takes nothing back; only a changed record names a new head.
        - **A member dies or moves out (迁出), a child is born**: the registry's `member_count` changes (one history
          version); nothing is linked differently. A member's death is not recorded as such.
        - **分户** (a son registers a household of his own, under his own 户号): a new household (rule `new`, or
          `id_hash` where his ID was already a head's). The registry lists the two apart, so his new 户 never joins
          his father's by his being a listed member, at the same door or elsewhere. No table links it to the household
          it came from: `household_member` lists him there only until the next delivery of that 户, which is usually the
          very delivery that brings his own 户, so by the end of that run his row is gone. What stays is the father's
          history (a version with the lower `member_count` valid from the run the son's household was first seen,
          `first_seen_run`). The run counts it: the source's summary line (and `etl_run.message`) says `new household(s)
          headed by a member of another (分户)`, a new household whose head a record listed as a member of another
          household (by resident ID), before this run or in it, whichever 户 the delivery lists first.
        - **合户** (a household joins another: a widowed mother moves into her son's 户): when a source with a
          stable `record_key` lists the head of one household (by resident ID) as a member of another, and no
          longer delivers the first household's own record, the first household is merged into the second. "No
          longer delivers" means: its key is in none of the files of this night's delivery, nor in any later
          delivery of the source loaded already. The night's delivery is every file the source's `path` matches
          that is no earlier or later dated delivery of the others: a census sent as one file per grid
          (`feeds/*.csv`: `grid-a.csv`, `grid-b.csv`) is one delivery whatever the files are named, and a grid's
          file unchanged since an earlier night (skipped by the extract) still delivers its households. A later
          delivery is a file whose name is the same but for a later date stamp (`census_20231107.csv` after
          `census_20231106.csv`, the date stamps of `absent_means` in pipeline-format.md); an older dated file on
          disk is no part of tonight's delivery. Files without a date stamp are all tonight's: a feed that writes
          each night's export under a new undated name (`export_12.csv`, `export_13.csv`) should have last night's
          removed, or its households are still delivered. The check is made once all of the source's files of the
          run loaded; when a file of the delivery on disk is not loaded as it is now (it could not be read, or was
          held back over its reject threshold), its households are not known and nothing is merged that night. As for every merge the older
          id survives (of two first seen in the same run, the listing household's) and the other becomes an alias,
          rule `head_listed_as_member`; the listing household's head,
          place and other values stand (the absorbed household only fills columns it has empty), and the merged
          household's records (a 民政 case, a census row that is a night late) move with it. Never when the same
          delivery lists that person as a member of several households (a parent in two sons' 户), nor while it
          still delivers the person's own household. Without `members` mapped, or from a keyless census, a
          household whose head joined another is not merged: it keeps its row and its `last_seen_run` stops.
          The summary line counts `household(s) merged into another` on the source whose delivery showed the merge:
          each source with members mapped and a stable key judges its own deliveries, so when the census's files do
          not show it (its rows still list the absorbed household), a grid app whose newer dated file lists the head
          as a member, and whose earlier file sent the absorbed household's own record, merges the two and the count
          is the app's. Merges that a record's own evidence makes while it is linked (two households found to be one) are
          counted on that record's source too.
        - **A move**: the household keeps its id; its place (`address`, `region_code`, `compound_id`, `building`,
          `unit`, `room`) changes as one group, from the record of the source that wins `address` under
          `survivorship:` (or the most recent), with one history version. A lower-ranked source's new address
          changes nothing until the higher-ranked one gives it too: the household never shows one source's
          address with another source's compound or room (see *Survivorship* below). The winning source's move
          counts however coarsely it is placed: a grid that writes only `测金滩小区8栋2单元304室` under its county
          moves a household the registry placed in a community.
        - **A record that now names someone else** (a corrected ID, a case handed to another family): the record
          moves to another household (`household_relink`), taking along the values it offered; a household left
          with no record becomes an alias (rule `relinked`) of an older household it moved to, and otherwise keeps
          its row, no longer seen. A household's only record naming another head at the household's own place is
          a new head, not a move (`key+place`). The summary line counts `record(s) moved to another
          household`.

        These counts also appear in the source's JSON `source_summary` event (`records_relinked`, `new_heads`,
        `households_merged`, `households_split`) and, one line per source, in `etl_run.message` (which `rongtong status` prints).

        **Survivorship (which value wins).**

        - A head name that came with a valid ID is not replaced by the name of a record without an ID (a grid
          app's 谢斌萍 for the registry's 谢斌平, linked by a name one character away); the disagreement is a
          conflict row. So the next record is judged against the ID holder's spelling. Nor does the record that
          gave the name with its ID take it back with a typo and a broken ID. A source `survivorship:` ranks
          above the name's owner still decides, and so does a record correcting a name it gave without an ID.
        - A household with a valid head ID holds the birth date and gender the ID gives, whatever the ranks: a record
          without a valid ID (老龄办's `"sfzh":null` with its own `csrq` and `xb`) replaces neither (its other value is
          a conflict row, kept by the ID's source), and a record with that ID sets them again over a value such a
          record gave first. Two households merged keep those of the one holding the ID.
        - Two spellings of one head's name (see *How head names compare*) are no disagreement: the household keeps the
          one without a lost character (杨吉祥 over 杨?祥), then the simplified one (张国华 over 張國華), whatever the ranks
          and whichever loaded first, with no conflict row. A name with a lost character never replaces a name without
          one, even another spelling (that disagreement is a conflict row when another source set the name). A name
          written only in traditional characters is kept as written.
        - **A place is one record's.** `address`, `region_code`, `compound_id`, `building`, `unit` and `room` survive
          as a group: a record whose source wins `address` (ranked at least as high as the source that set the
          stored address, or any record without a ranking) brings its whole place. A record that does not win the
          address neither replaces nor fills any of them, unless it names the same place, only more finely (the
          same compound and building, and a unit and room the household lacks; a region within the stored one): a
          lower-ranked registry's new flat in 百花山小区 does not lend its compound and room to the grid's village
          door, and writes no history version until the grid gives the move too. Two households merged keep one of
          their two places whole in the same way, its `dwd_household_field_source` rows and conflict rows naming the
          source of that place, whichever id survives.
        - An empty value (NULL) never erases anything. A column that is still empty takes the first value offered
          (a place column only as the group rule above allows).
          Nor does a coarser region: a `region_code` that contains the stored one (the prefecture of a record
          that named no county) leaves the finer code in place and is no disagreement. Such a record, or one
          that resolved no region at all, does not replace the stored address, compound, building, unit or room
          either: it is placed less precisely than the household, as long as it names no other dwelling (the
          same flat, or a part of it, or no flat, or a flat without the compound that says where it is: a water
          account's bare `钟山区10栋1单元203` against `…水钢一村10栋1单元202`). One naming another compound, another
          building, unit or room in the compound it names, or a compound flat where the household lived at a
          villager's door, is a move, however coarsely it is placed (see *A move takes the old dwelling with it*
          below). So is a record at the same region whose address
          stops where the stored one goes on to a villager group or door number (民政's `…中和镇新寨村1组` against the
          registry's `…中和镇新寨村1组52号`, `…尖坡村` against `…尖坡村3组23号`), whether the table lists the village or
          not, and one naming no compound, building, unit or room whose address the stored flat's goes on from (民政's
          township alone, `钟山区荷城街道`, against the census's `…荷城街道凤凰山小区10栋2单元302室`): it replaces
          nothing and is no conflict. When two households merge, the same holds whichever id survives: the more
          precise place stands. Another door (`…1组5号`) is a different address. The other
          way round, a household whose stored values resolved no region at all takes the address, compound,
          building, unit and room of the first record that places it, whatever the ranks: an unplaced address is
          no value to defend. Likewise a household whose stored address names no compound (a water account's bare `10栋1单元202`, placed at its
          county by the source's context) takes the address, region and compound of a record naming the same
          building, unit and room in a compound, its stored address leaving out only what that record adds
          (`…钟山区10栋1单元202室` of `…钟山区荷城街道水钢一村10栋1单元202室`), whatever the ranks: it says where the
          flat is. No conflict row is written.
        - A finer region is no disagreement either: a `region_code` within the stored one (a registry's 北门社区 for
          the flat a grid census placed at 碧江区 by its `context:`), whichever source loads first and whichever night.
          It replaces the coarser code as `survivorship:` for `region_code` allows (by default it does), when the
          record wins the place or names the same place only more finely (above); no conflict row is written for it
          either way. Where the finer code replaces the region but the household keeps its stored address (the grid
          ranked for `address`), that address gains the names of the finer levels (`…碧江区环北街道金滩小区5栋2单元204室`
          becomes `…碧江区环北街道北门社区金滩小区5栋2单元204室`, a community written as addresses write it, without
          居委会), as when the compound pins the region: a household's address names the region it is placed at.
        - Two addresses of the same flat (the same compound, building, unit and room) are no disagreement, whatever
          else they write: `北京路45号化工厂宿舍2栋3单元102室` and `化工厂宿舍2栋3单元102室` make no conflict row. An
          address that only leaves out a part of the stored one (its road and door number) does not replace it;
          one that writes more replaces it as the rules below say.
        - **Default:** for a column with no `survivorship:` list in the pipeline, every non-empty value of the
          candidate overwrites the stored one. So the **last loaded** record with a value for that column decides it:
          the later source in the pipeline within a night, and the newer night across nights. The `record_date` of a
          record is not consulted.
          - This holds for flags too. If 民政 says 低保 = 是 and a grid feed loaded after it says `N`, the household
            ends with `is_low_income = 0`, unless `survivorship: {is_low_income: [civil-affairs]}` says otherwise.
          - Not among the records of one household in one file of one source: they say its flags together. A flag
            one of them says yes to is yes, whatever the file's order, and another of them saying no (a flag column's
            否, a case that ended, a whole list's tags leaving the flag out) does not undo it: 民政's list holding a
            household's 低保 case and its 残疾 case makes it both, and an ended old case beside the current one leaves
            the flag to the current one (see pipeline-format.md, `survivorship:`).
        - **With a `survivorship:` list** for a column, a stored value is replaced only by a source ranked at least as
          high as the source that set it. A listed source outranks every unlisted one; see
          [pipeline-format.md](pipeline-format.md#load-order-linking-and-survivorship).
          - The ranking is the pipeline's current one. When it changed since the stored values were decided
            (`etl_meta` key `survivorship`) for sources whose records the warehouse holds (a new source listed
            changes nothing stored), the next run loads again the staged current deliveries of the sources
            that rose, and their records, even unchanged, take the changed columns over from the sources they now
            outrank: the warehouse ends as a new warehouse under the new ranking would (see
            [Changing a ranking](pipeline-format.md#changing-a-ranking)).
          - The masked ID follows the ID hash, and the masked phone follows the phone hash.
          - A record whose valid ID is another person's than the household's head (linked by `member_id` or
            `member_is_head`) and does not win `head_id` (a source ranked lower) offers no head name, gender or birth
            date either: they are that other person's (民政's case naming the wife leaves the census's husband his
            birth date). They are no conflict.
        - The compound pins the region: when the household's region is coarser than its compound's, and contains it,
          the household takes the compound's finer region, and its address gains the names of the finer levels. This
          holds whichever feed loads first: when a record places a compound at a finer region after its households
          loaded (the census wrote only `银杏苑1-1-101` under 贵阳市, then a registry record places 银杏苑 at
          乌当区新光路街道), every household and facility of the compound placed at no region, or at one containing the
          new one, takes it in that load, with a history version. Their columns keep their owners. So does a
          household that a record gives its compound while a higher-ranked source's coarser region stays.
        - A move takes the old dwelling with it: when a record's address wins and places the household in another
          compound, or without a compound in a region that neither contains nor lies in the stored one, the
          compound, building, unit and room it leaves empty are emptied (a household moved back to its village
          is no longer counted in its old compound). A record whose address wins and that names another dwelling
          than the stored one (another compound, or another building, unit or room in the compound it names, or a
          compound flat where the household lived at a villager's door) brings its whole place, its own region
          too, even one coarser than the stored region: the grid's `测金滩小区8栋2单元304室`, placed only at 碧江区 by `context:`, moves the household
          out of the registry's `…环北街道北门社区测北门花园小区3栋2单元202室`, to 碧江区, or to the township where
          测金滩小区 is known (the compound pins the region); the old flat's 北门社区 does not stay on the new flat.
          This holds when the record's region is the one it offered before (the grid's township, the same every
          night). A record offering the dwelling it offered before, where the household has moved since (another
          source's newer move), moves nothing back: none of its place columns is taken, not even its address text.

        **Idempotence.**

        - Rerunning on unchanged input changes nothing: unchanged files are skipped by content hash.
        - A record sent again with the same normalized values (a forced reload, or tonight's full export of a
          feed in which only some records changed) is recognised by `household_source.record_digest` (for a
          source without `record_key`, among the records of its previous delivery, whatever its number): it is
          marked seen, but it takes no value over from a source that set one since and adds no history
          version. So "the most recent value wins" means the most recent *change*, not the feed loaded last.
        - The same holds value by value: `record_digest` keeps a short digest of each value the record offered.
          A record that changed one column (a room, an ID added) takes over that column, and offers its other
          values again unchanged: they take nothing back (民政's newer 低保 = 1 stays when the census edits the
          room of a record that always said 否). A forced rerun that replays older files therefore ends where the
          nights ended. In such a replay, a keyed record of an older file whose key a later file of the source
          has since loaded is left alone altogether, so a new head or a move that the later file recorded is
          not undone and redone.
        - A forced reload (`--force`) therefore writes nothing new, and `last_seen_run` does not move. Only
          `etl_batch.last_run_id`, `etl_reject.run_id`, the run's `etl_run_batch` rows and the new `etl_run` row
          record that it happened; `etl_batch.run_id` still names the run that first loaded each batch.

        Merges and moved records are kept in the two tables that follow, and the members a household's records
        listed in the third; all three are *(extra)*.
        """#
}
